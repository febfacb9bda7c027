// Validates a JSON file against a JSON Schema the way most JavaScript reusers would: ajv with
// draft 2020-12, strict mode and ajv-formats. Usage: node ajv_validate.js SCHEMA DATA
// Prints {"compiled", "valid", "errors", "warnings"} as JSON; a schema ajv rejects gives
// compiled: false and its message in errors.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const [schemaPath, dataPath] = process.argv.slice(2);
const warnings = [];
const collect = (...parts) => warnings.push(parts.join(" "));
const ajv = new Ajv2020({ strict: true, allErrors: true, logger: { log: collect, warn: collect, error: collect } });
addFormats(ajv);
const report = { compiled: false, valid: false, errors: [], warnings };
try {
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
  report.compiled = true;
  report.valid = validate(JSON.parse(fs.readFileSync(dataPath, "utf8")));
  report.errors = validate.errors || [];
} catch (error) {
  report.errors = [String(error.message)];
}
process.stdout.write(JSON.stringify(report) + "\n");
