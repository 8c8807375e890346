import { expect } from "chai";
import type { AddressInfo } from "node:net";
import express from "express";
import { errorMiddleware } from "../../../server/http/errors";
import { MAX_JSON_DEPTH, jsonBody } from "../../../server/http/json-body";
import { canonicalJson } from "../../../server/log/canonical-json";

describe("jsonBody (over HTTP)", () => {
  it("refuses a request nested 8,000 levels deep with 400 naming the limit, and canonical JSON refuses it too", async () => {
    const app = express();
    app.post("/", ...jsonBody("1mb"), (req, res) => void res.json({ canonical: canonicalJson(req.body) }));
    app.use(errorMiddleware(undefined));
    const server = app.listen(0);
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const deep = `{"request":${"[".repeat(8000)}${"]".repeat(8000)}}`;
      const answer = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: deep });
      expect(answer.status).to.equal(400);
      expect(((await answer.json()) as { error: { message: string } }).error.message).to.contain(`${MAX_JSON_DEPTH} levels`);
      const ok = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: `{"request":[[1]]}` });
      expect(ok.status).to.equal(200);
    } finally {
      server.close();
    }
    expect(() => canonicalJson(JSON.parse("[".repeat(8000) + "]".repeat(8000)))).to.throw(/nested deeper than/);
  });
});
