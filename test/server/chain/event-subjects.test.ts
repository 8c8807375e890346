import { expect } from "chai";
import { Interface, id } from "ethers";
import { eventArgs, subjectsOf } from "../../../server/chain/event-subjects";

describe("event subjects", function () {
  const iface = new Interface([
    "event ProductReleased(uint32 indexed productId, uint32 indexed grantId, uint32[] resources, string indexed label, (uint40 start, bytes32 hash) terms, uint32 byOrg, address byKey)",
    "event GrantIssued(uint32 indexed grantId, uint32 indexed grantee, uint32 indexed parent, uint32 grantor, address byKey)",
  ]);
  const KEY = "0x00000000000000000000000000000000000000AB";

  function decoded(name: string, values: unknown[]) {
    const fragment = iface.getEvent(name);
    if (!fragment) throw new Error(name);
    const { data, topics } = iface.encodeEventLog(fragment, values);
    const parsed = iface.parseLog({ data, topics });
    if (!parsed) throw new Error("not parsed");
    return eventArgs(parsed.fragment, parsed.args);
  }

  describe("eventArgs", function () {
    it("turns numbers into decimal text, structs into objects and indexed strings into their hash", function () {
      const args = decoded("ProductReleased", [7, 3, [1, 2], "label", [100, "0x" + "11".repeat(32)], 4, KEY]);
      expect(args).to.deep.equal({
        productId: "7",
        grantId: "3",
        resources: ["1", "2"],
        label: id("label"), // only the hash of an indexed string is on chain
        terms: { start: "100", hash: "0x" + "11".repeat(32) },
        byOrg: "4",
        byKey: KEY.toLowerCase(),
      });
    });
  });

  describe("subjectsOf", function () {
    it("reads subjects by argument name, each array element included", function () {
      const args = decoded("ProductReleased", [7, 3, [1, 2], "label", [100, "0x" + "11".repeat(32)], 4, KEY]);
      expect(subjectsOf(args)).to.deep.equal([
        { kind: "product", id: "7" },
        { kind: "grant", id: "3" },
        { kind: "resource", id: "1" },
        { kind: "resource", id: "2" },
        { kind: "organization", id: "4" },
        { kind: "key", id: KEY.toLowerCase() },
      ]);
    });

    context("when an id is 0 (no parent) or an organisation appears twice", function () {
      it("leaves out the 0 and names the organisation once", function () {
        const args = decoded("GrantIssued", [1, 5, 0, 5, KEY]);
        expect(subjectsOf(args)).to.deep.equal([
          { kind: "grant", id: "1" },
          { kind: "organization", id: "5" },
          { kind: "key", id: KEY.toLowerCase() },
        ]);
      });
    });
  });
});
