import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { createNonceStore, createSessionTokens } from "../../../server/http/session";
import { fakeClock } from "../access/helpers";

const KEY = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const NODE = "tdl.example.gov.cn/node-a";

describe("createSessionTokens", () => {
  const setup = () => {
    const clock = fakeClock(1_800_000_000_000);
    const secret = randomBytes(32);
    return { clock, secret, tokens: createSessionTokens({ node: NODE, secret, ttlSeconds: 60, clock }) };
  };

  context("when the token is as issued", () => {
    it("gives back the key, organisation and kind until it expires", () => {
      const { tokens } = setup();
      const { token, expiresAt } = tokens.issue({ key: KEY, org: 4, kind: 4 });
      expect(tokens.verify(token)).to.deep.equal({ key: KEY, org: 4, kind: 4, expiresAt });
    });

    it("throws SESSION_EXPIRED at its expiry", () => {
      const { tokens, clock } = setup();
      const { token } = tokens.issue({ key: KEY, org: 4, kind: 4 });
      clock.advance(60_000);
      expect(() => tokens.verify(token)).to.throw().with.property("code", "SESSION_EXPIRED");
    });
  });

  context("when the token was changed or made elsewhere", () => {
    it("throws UNAUTHENTICATED for another organisation in the payload", () => {
      const { tokens } = setup();
      const [v, payload, mac] = tokens.issue({ key: KEY, org: 4, kind: 4 }).token.split(".");
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, o: 1, t: 1 })).toString("base64url");
      expect(() => tokens.verify(`${v}.${forged}.${mac}`)).to.throw().with.property("code", "UNAUTHENTICATED");
    });

    it("throws UNAUTHENTICATED for a token under another secret", () => {
      const { tokens, clock } = setup();
      const other = createSessionTokens({ node: NODE, secret: randomBytes(32), clock });
      expect(() => tokens.verify(other.issue({ key: KEY, org: 4, kind: 4 }).token)).to.throw().with.property("code", "UNAUTHENTICATED");
    });

    it("throws UNAUTHENTICATED, naming the issuer, for a token another node issued under the same secret", () => {
      const { tokens, secret, clock } = setup();
      const other = createSessionTokens({ node: "tdl.example.gov.cn/node-b", secret, ttlSeconds: 60, clock });
      expect(() => tokens.verify(other.issue({ key: KEY, org: 4, kind: 4 }).token))
        .to.throw('the session token was issued by node "tdl.example.gov.cn/node-b", not by this node "tdl.example.gov.cn/node-a": sign in here')
        .with.property("code", "UNAUTHENTICATED");
    });

    for (const junk of ["", "v1", "v1..", "v2.a.b", "v1.e30.AAAA", "x".repeat(2000)]) {
      it(`throws UNAUTHENTICATED for ${JSON.stringify(junk.slice(0, 12))}`, () => {
        expect(() => setup().tokens.verify(junk)).to.throw().with.property("code", "UNAUTHENTICATED");
      });
    }
  });

  it("refuses a secret shorter than 32 bytes", () => {
    expect(() => createSessionTokens({ node: NODE, secret: randomBytes(16) })).to.throw().with.property("code", "CONFIG_INVALID");
  });
});

describe("createNonceStore", () => {
  it("accepts each nonce once", () => {
    const nonces = createNonceStore();
    const { nonce } = nonces.issue();
    expect(nonce).to.match(/^[0-9a-f]{32}$/);
    expect(nonces.consume(nonce)).to.equal(true);
    expect(nonces.consume(nonce)).to.equal(false);
  });

  it("refuses an expired nonce and one it never issued", () => {
    const clock = fakeClock();
    const nonces = createNonceStore({ ttlMs: 1000, clock });
    const { nonce } = nonces.issue();
    clock.advance(1000);
    expect(nonces.consume(nonce)).to.equal(false);
    expect(nonces.consume("abcdef0123456789")).to.equal(false);
  });

  it("keeps at most maxOutstanding nonces, dropping the oldest", () => {
    const nonces = createNonceStore({ maxOutstanding: 10 });
    const first = nonces.issue().nonce;
    for (let i = 0; i < 20; i++) nonces.issue();
    expect(nonces.size()).to.equal(10);
    expect(nonces.consume(first)).to.equal(false);
  });
});
