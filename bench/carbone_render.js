// Carbone's side of the benchmark: render the Carbone templates with a plan's context as JSON.
//
// Once, as its own process (what `assembler build` of one plan is measured against):
//   node carbone_render.js once CONTEXT.json OUT_DIR TEMPLATE...
// loads Carbone, reads the JSON, renders every template and writes the documents into OUT_DIR.
//
// As a server for the in-process measurements: `node carbone_render.js serve` reads one JSON
// request a line on stdin and answers one JSON line on stdout:
//   {"context": "CONTEXT.json", "templates": [...], "out": "OUT_DIR" or null, "read": true/false}
// renders the templates (reading the JSON file first when "read" is true, else using the context
// it read before), writes the documents when "out" is given, and answers {"ms": elapsed}.
// NODE_PATH must name the node_modules folder Carbone was installed into.
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const carbone = require('carbone');

function renderOne(template, data) {
  return new Promise((resolve, reject) => {
    carbone.render(template, data, {}, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function renderAll(templates, data, out) {
  for (const template of templates) {
    const result = await renderOne(template, data);
    if (out) {
      fs.writeFileSync(path.join(out, path.basename(template)), result);
    }
  }
}

function readContext(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

async function once(args) {
  const [context, out, ...templates] = args;
  fs.mkdirSync(out, { recursive: true });
  await renderAll(templates, readContext(context), out);
}

async function serve() {
  const contexts = new Map();
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const request = JSON.parse(line);
    const started = process.hrtime.bigint();
    let data = contexts.get(request.context);
    if (request.read || data === undefined) {
      data = readContext(request.context);
      contexts.set(request.context, data);
    }
    if (request.out) {
      fs.mkdirSync(request.out, { recursive: true });
    }
    await renderAll(request.templates, data, request.out);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(JSON.stringify({ ms }) + '\n');
  }
}

const [mode, ...rest] = process.argv.slice(2);
(mode === 'serve' ? serve() : once(rest)).catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(1);
});
