#!/usr/bin/env node
// Composes the hub's module subgraphs into a federation supergraph with
// @theguild/federation-composition and, optionally, checks that the API schema of
// that supergraph (what a client of the router sees) equals the all-in-one hub's
// schema (what a client of `hub serve` sees).
//
//   node tests/federation/compose.mjs --out SUPERGRAPH.graphql \
//     [--api-schema ALL_IN_ONE.graphql] [--api-out API.graphql] \
//     [--url name=URL ...] name=path.graphql [name=path.graphql ...]
//
// Exit codes: 0 composed (and, with --api-schema, the schemas are equal);
// 1 an SDL does not parse, composition failed, or the API schemas differ;
// 2 usage error (bad arguments, unreadable file).
// README.md beside this file explains what is stripped and normalised, and why.

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Kind, parse, print, specifiedDirectives, specifiedScalarTypes } from 'graphql';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';

// ---------------------------------------------------------------------------
// Composition

/**
 * @param {{name: string, sdl: string, url?: string}[]} subgraphs
 * @returns {{ok: true, supergraphSdl: string, publicSdl: string} | {ok: false, errors: string[]}}
 */
export function composeSubgraphs(subgraphs) {
  const services = [];
  const errors = [];
  for (const { name, sdl, url } of subgraphs) {
    try {
      services.push({ name, url: url ?? `http://localhost/${name}`, typeDefs: parse(sdl) });
    } catch (e) {
      errors.push(`subgraph "${name}": SDL does not parse: ${e.message}`);
    }
  }
  if (errors.length) return { ok: false, errors };
  const result = composeServices(services);
  if (compositionHasErrors(result)) {
    return { ok: false, errors: result.errors.map(formatCompositionError) };
  }
  return { ok: true, supergraphSdl: result.supergraphSdl, publicSdl: result.publicSdl };
}

function formatCompositionError(e) {
  const code = e.extensions?.code ? `[${e.extensions.code}] ` : '';
  return `${code}${e.message}`;
}

// ---------------------------------------------------------------------------
// Stripping federation plumbing

const BUILTIN_SCALARS = new Set(specifiedScalarTypes.map((t) => t.name));
// include, skip, deprecated, specifiedBy, oneOf in graphql 16.15: their
// definitions are implied; their *applications* are kept and compared.
const BUILTIN_DIRECTIVES = new Set(specifiedDirectives.map((d) => d.name));

// Every directive of the federation v2 spec (2.0 to 2.9) and @link itself.
const FEDERATION_DIRECTIVES = new Set([
  'link', 'key', 'extends', 'shareable', 'inaccessible', 'override', 'external',
  'provides', 'requires', 'tag', 'composeDirective', 'interfaceObject',
  'authenticated', 'requiresScopes', 'policy', 'context', 'fromContext', 'cost', 'listSize',
]);
// Types that exist only for federation (subgraph protocol and @link machinery).
// (A type imported by name through @link, e.g. `import: ["FieldSet"]`, is added per document.)
const FEDERATION_TYPES = new Set([
  '_Any', '_Entity', '_Service', '_FieldSet',
  'link__Import', 'link__Purpose', 'link__FieldSet',
]);
const FEDERATION_PREFIXES = ['federation__', 'link__', 'join__'];
// Fields a subgraph adds to its query root for the router.
const FEDERATION_QUERY_FIELDS = new Set(['_service', '_entities']);

/** Names under which the document imports federation directives via @link. */
function linkedFederationNames(doc) {
  const directives = new Set(FEDERATION_DIRECTIVES);
  const types = new Set(FEDERATION_TYPES);
  const prefixes = new Set(FEDERATION_PREFIXES);
  for (const def of doc.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const d of def.directives ?? []) {
      if (d.name.value !== 'link') continue;
      const arg = (n) => d.arguments?.find((a) => a.name.value === n)?.value;
      const url = arg('url');
      if (!url || url.kind !== Kind.STRING || !/\/federation\/v/.test(url.value)) continue;
      const as = arg('as');
      if (as?.kind === Kind.STRING) prefixes.add(`${as.value}__`);
      const imports = arg('import');
      for (const item of imports?.kind === Kind.LIST ? imports.values : []) {
        let name;
        if (item.kind === Kind.STRING) name = item.value;
        if (item.kind === Kind.OBJECT) {
          const field = (n) => item.fields.find((f) => f.name.value === n)?.value;
          name = (field('as') ?? field('name'))?.value;
        }
        if (typeof name !== 'string') continue;
        if (name.startsWith('@')) directives.add(name.slice(1));
        else types.add(name);
      }
    }
  }
  return { directives, types, prefixes: [...prefixes] };
}

/**
 * Removes from an SDL document what federation adds and a client of the API never
 * sees: `@link` on the schema, federation directive definitions and applications,
 * `_service`/`_entities` on the query root, the federation scalars/types, and the
 * definitions of built-in scalars and directives. Returns the new document and a
 * list of what was removed (for --verbose and the tests).
 */
export function stripFederation(doc) {
  const { directives: fedDirectives, types: fedTypes, prefixes } = linkedFederationNames(doc);
  const isFedName = (n) => prefixes.some((p) => n.startsWith(p));
  const isFedDirective = (n) => fedDirectives.has(n) || isFedName(n);
  const removed = [];
  const roots = rootTypeNames(doc);

  const keepDirectives = (where, list) =>
    (list ?? []).filter((d) => {
      if (!isFedDirective(d.name.value)) return true;
      removed.push(`@${d.name.value} on ${where}`);
      return false;
    });
  const mapArgs = (where, args) =>
    args?.map((a) => ({ ...a, directives: keepDirectives(`${where}(${a.name.value}:)`, a.directives) }));

  const definitions = [];
  for (const def of doc.definitions) {
    switch (def.kind) {
      case Kind.SCHEMA_DEFINITION:
      case Kind.SCHEMA_EXTENSION: {
        const directives = keepDirectives('schema', def.directives);
        const operationTypes = def.operationTypes ?? [];
        if (def.kind === Kind.SCHEMA_EXTENSION && !directives.length && !operationTypes.length) {
          removed.push('extend schema (left empty)');
          continue;
        }
        definitions.push({ ...def, directives, operationTypes });
        continue;
      }
      case Kind.DIRECTIVE_DEFINITION: {
        const n = def.name.value;
        if (isFedDirective(n)) { removed.push(`directive @${n} (federation)`); continue; }
        if (BUILTIN_DIRECTIVES.has(n)) { removed.push(`directive @${n} (built-in)`); continue; }
        definitions.push({ ...def, arguments: mapArgs(`@${n}`, def.arguments) });
        continue;
      }
      default:
        break;
    }
    if (!def.name) { definitions.push(def); continue; }
    const n = def.name.value;
    if (fedTypes.has(n) || isFedName(n)) { removed.push(`type ${n} (federation)`); continue; }
    if (BUILTIN_SCALARS.has(n) && (def.kind === Kind.SCALAR_TYPE_DEFINITION || def.kind === Kind.SCALAR_TYPE_EXTENSION)) {
      removed.push(`scalar ${n} (built-in)`);
      continue;
    }
    const out = { ...def, directives: keepDirectives(n, def.directives) };
    if (def.fields) {
      out.fields = def.fields
        .filter((f) => {
          if (n === roots.query && FEDERATION_QUERY_FIELDS.has(f.name.value)) {
            removed.push(`field ${n}.${f.name.value} (federation)`);
            return false;
          }
          return true;
        })
        .map((f) => ({
          ...f,
          directives: keepDirectives(`${n}.${f.name.value}`, f.directives),
          arguments: mapArgs(`${n}.${f.name.value}`, f.arguments),
        }));
    }
    if (def.values) {
      out.values = def.values.map((v) => ({ ...v, directives: keepDirectives(`${n}.${v.name.value}`, v.directives) }));
    }
    definitions.push(out);
  }
  return { doc: { ...doc, definitions }, removed };
}

// ---------------------------------------------------------------------------
// Normalising into a flat, order-free model

function rootTypeNames(doc) {
  const roots = {};
  let explicit = false;
  for (const def of doc.definitions) {
    if (def.kind !== Kind.SCHEMA_DEFINITION && def.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const op of def.operationTypes ?? []) {
      explicit = true;
      roots[op.operation] = op.type.name.value;
    }
  }
  if (!explicit) {
    // Without a schema definition the roots are the types with the default names.
    const names = new Set(doc.definitions.map((d) => d.name?.value).filter(Boolean));
    for (const [op, n] of [['query', 'Query'], ['mutation', 'Mutation'], ['subscription', 'Subscription']]) {
      if (names.has(n)) roots[op] = n;
    }
  }
  return roots;
}

/** A literal printed canonically: object fields sorted, numbers as numbers. */
export function printValue(v) {
  switch (v.kind) {
    case Kind.INT:
    case Kind.FLOAT: {
      const n = Number(v.value);
      return Number.isFinite(n) ? String(n) : v.value;
    }
    case Kind.STRING: return JSON.stringify(v.value);
    case Kind.BOOLEAN: return String(v.value);
    case Kind.NULL: return 'null';
    case Kind.ENUM: return v.value;
    case Kind.LIST: return `[${v.values.map(printValue).join(', ')}]`;
    case Kind.OBJECT:
      return `{${[...v.fields]
        .sort((a, b) => cmp(a.name.value, b.name.value))
        .map((f) => `${f.name.value}: ${printValue(f.value)}`)
        .join(', ')}}`;
    case Kind.VARIABLE: return `$${v.name.value}`;
    default: return print(v);
  }
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function printDirectives(list) {
  return (list ?? [])
    .map((d) => {
      let args = [...(d.arguments ?? [])];
      // `@deprecated` means `@deprecated(reason: "No longer supported")`.
      if (d.name.value === 'deprecated' && !args.some((a) => a.name.value === 'reason')) {
        args = [{ name: { value: 'reason' }, value: { kind: Kind.STRING, value: 'No longer supported' } }];
      }
      const printed = args
        .sort((a, b) => cmp(a.name.value, b.name.value))
        .map((a) => `${a.name.value}: ${printValue(a.value)}`)
        .join(', ');
      return `@${d.name.value}${printed ? `(${printed})` : ''}`;
    })
    .sort(cmp);
}

const KIND_WORD = {
  [Kind.OBJECT_TYPE_DEFINITION]: 'type', [Kind.OBJECT_TYPE_EXTENSION]: 'type',
  [Kind.INTERFACE_TYPE_DEFINITION]: 'interface', [Kind.INTERFACE_TYPE_EXTENSION]: 'interface',
  [Kind.UNION_TYPE_DEFINITION]: 'union', [Kind.UNION_TYPE_EXTENSION]: 'union',
  [Kind.ENUM_TYPE_DEFINITION]: 'enum', [Kind.ENUM_TYPE_EXTENSION]: 'enum',
  [Kind.INPUT_OBJECT_TYPE_DEFINITION]: 'input', [Kind.INPUT_OBJECT_TYPE_EXTENSION]: 'input',
  [Kind.SCALAR_TYPE_DEFINITION]: 'scalar', [Kind.SCALAR_TYPE_EXTENSION]: 'scalar',
};

/**
 * Turns an (already stripped) SDL document into a Map from a readable item key
 * (e.g. `field Query.area`, `argument Query.area(id:)`) to its properties. Type
 * extensions are merged into their type. Order of types, fields, arguments, enum
 * values, union members, interfaces and directives is irrelevant by construction.
 */
export function normalise(doc) {
  const items = new Map();
  const put = (key, props, parent) => {
    if (items.has(key)) {
      // A type extension or a repeated definition: merge, keeping the first value
      // of each property, and note a conflict as its own property.
      const old = items.get(key);
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === '' || (Array.isArray(v) && !v.length)) continue;
        if (Array.isArray(v)) old[k] = [...new Set([...(old[k] ?? []), ...v])].sort(cmp);
        else if (old[k] === undefined || old[k] === '') old[k] = v;
        else if (old[k] !== v) old[`${k} (conflicting redefinition)`] = v;
      }
      return;
    }
    items.set(key, { ...props, [PARENT]: parent });
  };
  const desc = (node) => node.description?.value;
  const args = (owner, list, parent) => {
    for (const a of list ?? []) {
      put(`argument ${owner}(${a.name.value}:)`, {
        type: print(a.type),
        default: a.defaultValue ? printValue(a.defaultValue) : undefined,
        description: desc(a),
        directives: printDirectives(a.directives),
      }, parent);
    }
  };

  const roots = rootTypeNames(doc);
  for (const [op, name] of Object.entries(roots)) put(`schema ${op}`, { type: name });

  for (const def of doc.definitions) {
    if (def.kind === Kind.SCHEMA_DEFINITION || def.kind === Kind.SCHEMA_EXTENSION) {
      const d = printDirectives(def.directives);
      if (d.length) put('schema directives', { directives: d });
      continue;
    }
    if (def.kind === Kind.DIRECTIVE_DEFINITION) {
      const key = `directive @${def.name.value}`;
      put(key, {
        description: desc(def),
        repeatable: def.repeatable ? 'repeatable' : 'not repeatable',
        locations: def.locations.map((l) => l.value).sort(cmp).join(' | '),
      });
      args(`@${def.name.value}`, def.arguments, key);
      continue;
    }
    const word = KIND_WORD[def.kind];
    if (!word) continue;
    const n = def.name.value;
    const typeKey = `type ${n}`;
    put(typeKey, {
      kind: word,
      description: desc(def),
      directives: printDirectives(def.directives),
      interfaces: def.interfaces?.map((i) => i.name.value).sort(cmp),
      members: def.types?.map((t) => t.name.value).sort(cmp),
    });
    for (const f of def.fields ?? []) {
      const isInput = word === 'input';
      const key = `${isInput ? 'input field' : 'field'} ${n}.${f.name.value}`;
      put(key, {
        type: print(f.type),
        default: isInput && f.defaultValue ? printValue(f.defaultValue) : undefined,
        description: desc(f),
        directives: printDirectives(f.directives),
      }, typeKey);
      if (!isInput) args(`${n}.${f.name.value}`, f.arguments, key);
    }
    for (const v of def.values ?? []) {
      put(`enum value ${n}.${v.name.value}`, {
        description: desc(v),
        directives: printDirectives(v.directives),
      }, typeKey);
    }
  }
  return items;
}

const PARENT = Symbol('parent');

// ---------------------------------------------------------------------------
// Comparing

const show = (v, prop) =>
  v === undefined || v === '' || (Array.isArray(v) && !v.length)
    ? '(none)'
    : Array.isArray(v)
      ? v.join(' ')
      : prop === 'description'
        ? JSON.stringify(v)
        : String(v);
const summary = (props) =>
  Object.entries(props)
    .filter(([k, v]) => k !== 'description' && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(' ') : v}`)
    .join('; ');

/**
 * Compares the all-in-one SDL with the supergraph's API schema SDL after
 * stripping federation plumbing from both and normalising order.
 * @returns {{equal: boolean, differences: string[], counts: Record<string, number>, removed: {allInOne: string[], supergraph: string[]}}}
 */
export function compareApiSchemas(allInOneSdl, supergraphApiSdl) {
  const a = stripFederation(parse(allInOneSdl));
  const b = stripFederation(parse(supergraphApiSdl));
  const left = normalise(a.doc);
  const right = normalise(b.doc);
  const differences = [];
  const reported = new Set();
  // An item whose parent is itself missing or extra is not listed again.
  const parentReported = (props) => {
    for (let p = props[PARENT]; p; p = (left.get(p) ?? right.get(p))?.[PARENT]) {
      if (reported.has(p)) return true;
    }
    return false;
  };
  const keys = [...new Set([...left.keys(), ...right.keys()])].sort(cmp);
  // Parents (types, fields, directives) sort before their children only by
  // accident of naming, so walk in depth order: types first, then fields, then args.
  const depth = (k) => {
    let d = 0;
    for (let p = (left.get(k) ?? right.get(k))[PARENT]; p; p = (left.get(p) ?? right.get(p))?.[PARENT]) d++;
    return d;
  };
  keys.sort((x, y) => depth(x) - depth(y) || cmp(x, y));
  for (const key of keys) {
    const l = left.get(key);
    const r = right.get(key);
    if (l && !r) {
      if (parentReported(l)) continue;
      reported.add(key);
      differences.push(`- missing in supergraph:  ${key}${summary(l) ? `  (${summary(l)})` : ''}`);
    } else if (!l && r) {
      if (parentReported(r)) continue;
      reported.add(key);
      differences.push(`+ only in supergraph:     ${key}${summary(r) ? `  (${summary(r)})` : ''}`);
    } else {
      for (const prop of [...new Set([...Object.keys(l), ...Object.keys(r)])].sort(cmp)) {
        const lv = show(l[prop], prop);
        const rv = show(r[prop], prop);
        if (lv !== rv) differences.push(`~ changed:               ${key}: ${prop}: all-in-one ${lv}, supergraph ${rv}`);
      }
    }
  }
  const counts = {};
  for (const key of left.keys()) {
    const kind = key.replace(/ [^ ]+$/, '');
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return { equal: differences.length === 0, differences, counts, removed: { allInOne: a.removed, supergraph: b.removed } };
}

// ---------------------------------------------------------------------------
// CLI

const USAGE = `usage: node compose.mjs --out SUPERGRAPH.graphql [--api-schema ALL_IN_ONE.graphql]
                        [--api-out API.graphql] [--url name=URL ...] [--verbose]
                        name=path.graphql [name=path.graphql ...]`;

class UsageError extends Error {}

function splitPair(s, what) {
  const i = s.indexOf('=');
  if (i <= 0 || i === s.length - 1) throw new UsageError(`${what} must be name=value, got "${s}"`);
  return [s.slice(0, i), s.slice(i + 1)];
}

function readText(path, what) {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${e.message}`);
  }
}

export function main(argv, out = console.log, err = console.error) {
  let opts;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        'api-schema': { type: 'string' },
        'api-out': { type: 'string' },
        url: { type: 'string', multiple: true },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) { out(USAGE); return 0; }
    if (!values.out) throw new UsageError('--out is required');
    if (!positionals.length) throw new UsageError('at least one name=path.graphql subgraph is required');
    const urls = new Map((values.url ?? []).map((u) => splitPair(u, '--url')));
    const subgraphs = [];
    const seen = new Set();
    for (const p of positionals) {
      const [name, path] = splitPair(p, 'a subgraph');
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) throw new UsageError(`bad subgraph name "${name}"`);
      if (seen.has(name)) throw new UsageError(`subgraph "${name}" given twice`);
      seen.add(name);
      subgraphs.push({ name, sdl: readText(path, `subgraph "${name}" SDL`), url: urls.get(name) });
    }
    for (const name of urls.keys()) {
      if (!seen.has(name)) throw new UsageError(`--url for unknown subgraph "${name}"`);
    }
    const apiSchema = values['api-schema'] ? readText(values['api-schema'], 'all-in-one SDL') : undefined;
    opts = { ...values, subgraphs, apiSchema };
  } catch (e) {
    if (e instanceof UsageError || e.code?.startsWith?.('ERR_PARSE_ARGS')) {
      err(`compose: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }

  const names = opts.subgraphs.map((s) => s.name).join(', ');
  const result = composeSubgraphs(opts.subgraphs);
  if (!result.ok) {
    err(`compose: composition of ${opts.subgraphs.length} subgraph(s) (${names}) failed with ${result.errors.length} error(s):`);
    for (const e of result.errors) err(`  ${e}`);
    return 1;
  }
  writeFileSync(opts.out, result.supergraphSdl);
  if (opts['api-out']) writeFileSync(opts['api-out'], result.publicSdl);
  if (opts.apiSchema === undefined) {
    out(`compose: ${opts.subgraphs.length} subgraph(s) (${names}) composed into ${opts.out}`);
    return 0;
  }
  let cmpResult;
  try {
    cmpResult = compareApiSchemas(opts.apiSchema, result.publicSdl);
  } catch (e) {
    err(`compose: cannot compare: ${opts['api-schema']}: ${e.message}`);
    return 1;
  }
  if (opts.verbose) {
    for (const r of cmpResult.removed.allInOne) out(`  stripped from all-in-one: ${r}`);
    for (const r of cmpResult.removed.supergraph) out(`  stripped from supergraph API: ${r}`);
  }
  if (!cmpResult.equal) {
    err(`compose: the supergraph API schema differs from the all-in-one schema ${opts['api-schema']} (${cmpResult.differences.length} difference(s)):`);
    for (const d of cmpResult.differences) err(`  ${d}`);
    return 1;
  }
  const c = cmpResult.counts;
  const n = (k) => c[k] ?? 0;
  out(
    `compose: ${opts.subgraphs.length} subgraph(s) (${names}) composed into ${opts.out}; API schema equals ` +
      `${opts['api-schema']} (${n('type')} types, ${n('field') + n('input field')} fields, ${n('argument')} arguments, ` +
      `${n('enum value')} enum values, ${n('directive')} directives)`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
