#!/usr/bin/env node
// Verifies one outgoing webhook the way a Node.js receiver does, with the `standardwebhooks` library
// (docs/webhooks.md#verifying), and prints the verified payload as JSON.
// Usage: WEBHOOK_SECRET=whsec_... node verify-webhook.js <headers.json> <body file>
// (exit 1 and the library's message on stderr when refused)
"use strict";

const fs = require("fs");
const { Webhook } = require("standardwebhooks");

const [headersFile, bodyFile] = process.argv.slice(2);
const secret = process.env.WEBHOOK_SECRET;
if (!headersFile || !bodyFile || !secret) {
  console.error("usage: WEBHOOK_SECRET=<secret> node verify-webhook.js <headers.json> <body file>");
  process.exit(2);
}
const headers = JSON.parse(fs.readFileSync(headersFile, "utf8"));
const body = fs.readFileSync(bodyFile, "utf8"); // the raw body, as received
try {
  const payload = new Webhook(secret).verify(body, headers);
  process.stdout.write(JSON.stringify(payload) + "\n");
} catch (err) {
  console.error(`${err.name}: ${err.message}`);
  process.exit(1);
}
