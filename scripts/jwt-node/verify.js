#!/usr/bin/env node
// Verifies an access token the way the Node.js scheduler does and prints its claims as JSON.
// Usage: JWT_SECRET_KEY=... node verify.js <token>   (exit 1 and a message on stderr when refused)
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
  process.stdout.write(JSON.stringify(claims) + "\n");
} catch (err) {
  console.error(`${err.name}: ${err.message}`);
  process.exit(1);
}
