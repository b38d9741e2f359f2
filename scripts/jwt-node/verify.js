#!/usr/bin/env node
// Verifies an access token the way the Node.js scheduler does and prints its claims as JSON.
// Usage: JWT_SECRET_KEY=... node verify.js <token>   (exit 1 and a message on stderr when refused)
// A refresh token is signed with the same key and carries the same user_id: the signature alone
// cannot tell them apart, so token_type must be "access" (docs/scheduler-contract.md, section 6).
"use strict";

const jwt = require("jsonwebtoken");

const token = process.argv[2];
const secret = process.env.JWT_SECRET_KEY;
if (!token || !secret) {
  console.error("usage: JWT_SECRET_KEY=<secret> node verify.js <token>");
  process.exit(2);
}
try {
  const claims = jwt.verify(token, secret, { algorithms: ["HS256"] });
  if (claims.token_type !== "access") {
    console.error(`InvalidTokenType: token_type is ${JSON.stringify(claims.token_type)}, not "access"`);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(claims) + "\n");
} catch (err) {
  console.error(`${err.name}: ${err.message}`);
  process.exit(1);
}
