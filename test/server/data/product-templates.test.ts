import { expect } from "chai";
import { bindTemplate, parseProductManifest, type QueryTemplate } from "../../../server/data/product-templates";
import { isTdlError } from "../../../server/errors";

/* A data product's query templates (Art. 19, R13): only declared parameters, bound as literals that cannot change the statement. */

const TEMPLATE: QueryTemplate = {
  name: "rating-by-district",
  title: "ratings of one district",
  sql: "SELECT rating, count(*) FROM r2 WHERE district = $district AND founded >= $since AND size > $size AND listed = $listed AND note <> '$district' GROUP BY rating",
  parameters: [
    { name: "district", type: "VARCHAR" },
    { name: "since", type: "DATE" },
    { name: "size", type: "BIGINT" },
    { name: "listed", type: "BOOLEAN" },
  ],
};
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const refused = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(isTdlError(error, "MALFORMED_INPUT"), String(error)).to.equal(true);
    return (error as Error).message;
  }
  return expect.fail("expected MALFORMED_INPUT");
};

describe("product query templates", () => {
  it("binds each parameter as a literal of its type, leaving quoted text alone", () => {
    const sql = bindTemplate(TEMPLATE, { district: "东湖街道", since: "2020-01-01", size: 10, listed: true });
    expect(sql).to.equal("SELECT rating, count(*) FROM r2 WHERE district = '东湖街道' AND founded >= '2020-01-01' AND size > 10 AND listed = TRUE AND note <> '$district' GROUP BY rating");
  });

  it("keeps a value's quotes inside its literal: it cannot end the string or add a clause", () => {
    const sql = bindTemplate(TEMPLATE, { district: "x' OR 1=1 --", since: "2020-01-01", size: 1, listed: false });
    expect(sql).to.include("district = 'x'' OR 1=1 --' AND");
  });

  it("refuses a missing, an extra or a mistyped parameter, naming it", () => {
    const ok = { district: "a", since: "2020-01-01", size: 1, listed: true };
    expect(refused(() => bindTemplate(TEMPLATE, { ...ok, since: undefined as unknown as string }))).to.match(/since/);
    expect(refused(() => bindTemplate(TEMPLATE, { district: "a", size: 1, listed: true }))).to.include("needs parameter since");
    expect(refused(() => bindTemplate(TEMPLATE, { ...ok, extra: 1 }))).to.include("takes no parameter extra");
    expect(refused(() => bindTemplate(TEMPLATE, { ...ok, size: "1; DROP TABLE x" }))).to.include("parameter size must be a whole number");
    expect(refused(() => bindTemplate(TEMPLATE, { ...ok, size: 1.5 }))).to.include("whole number");
    expect(refused(() => bindTemplate(TEMPLATE, { ...ok, since: "2020-01-01' OR '1" }))).to.include("a date YYYY-MM-DD");
    expect(refused(() => bindTemplate(TEMPLATE, { ...ok, listed: "true" }))).to.include("true or false");
  });

  it("parses a product document with templates, and refuses one whose SQL uses an undeclared parameter or repeats a name", () => {
    const manifest = { version: 1, name: "企业信用核验", templates: [TEMPLATE] };
    expect(parseProductManifest(encode(manifest)).templates[0].name).to.equal("rating-by-district");
    const undeclared = { ...manifest, templates: [{ ...TEMPLATE, parameters: TEMPLATE.parameters.slice(1) }] };
    expect(refused(() => parseProductManifest(encode(undeclared)))).to.include("$district is not a declared parameter");
    expect(refused(() => parseProductManifest(encode({ ...manifest, templates: [TEMPLATE, TEMPLATE] })))).to.include("repeats");
    expect(refused(() => parseProductManifest(new Uint8Array([0xff])))).to.include("not UTF-8 JSON");
  });
});
