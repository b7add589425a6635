// Self-test of compose.mjs: run with `node --test tests/federation/`.
//
// fixtures/all-in-one.graphql is a snapshot of `hub schema` kept for these tests of
// the tool only; it is not the contract (the real check compares the live
// `hub schema` output with the supergraph composed from the live module SDLs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareApiSchemas, composeSubgraphs } from './compose.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const compose = join(here, 'compose.mjs');
const fixture = join(here, 'fixtures', 'all-in-one.graphql');
const allInOne = readFileSync(fixture, 'utf8');

function tmp(t) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-compose-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function cli(args) {
  const r = spawnSync(process.execPath, [compose, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Replaces exactly one occurrence, so a fixture change cannot silently make a test vacuous. */
function replaceOnce(text, from, to) {
  const parts = text.split(from);
  assert.equal(parts.length, 2, `expected exactly one occurrence of ${JSON.stringify(from)}`);
  return parts.join(to);
}

function composeOne(sdl) {
  const r = composeSubgraphs([{ name: 'directory', sdl }]);
  assert.ok(r.ok, `composition failed: ${r.errors?.join('\n')}`);
  return r.publicSdl;
}

// (a) ------------------------------------------------------------------------

test('(a) the all-in-one SDL composed alone as subgraph "directory" equals itself', () => {
  const result = compareApiSchemas(allInOne, composeOne(allInOne));
  assert.deepEqual(result.differences, []);
  assert.ok(result.equal);
  // The comparison really looked at the schema.
  assert.ok(result.counts.type > 10 && result.counts.field > 30, JSON.stringify(result.counts));
  // What was stripped is federation plumbing and built-ins only.
  for (const r of result.removed.allInOne) {
    assert.match(r, /^(@(key|shareable|link) on |directive @(include|skip|specifiedBy) \(built-in\)|extend schema)/, r);
  }
});

test('(a) CLI: exit 0, one-line summary, supergraph written', (t) => {
  const dir = tmp(t);
  const out = join(dir, 'supergraph.graphql');
  const apiOut = join(dir, 'api.graphql');
  const r = cli(['--out', out, '--api-out', apiOut, '--api-schema', fixture, `directory=${fixture}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0], /API schema equals .*all-in-one\.graphql \(\d+ types, \d+ fields/);
  const supergraph = readFileSync(out, 'utf8');
  assert.match(supergraph, /@join__graph\(name: "directory", url: "http:\/\/localhost\/directory"\)/);
  assert.match(readFileSync(apiOut, 'utf8'), /type Organization \{/);
});

// (b) ------------------------------------------------------------------------

const breakages = [
  {
    what: 'a field removed',
    from: '\t"""\n\tWho the caller is; null for anonymous requests.\n\t"""\n\tviewer: Viewer\n', to: '',
    expect: /only in supergraph: +field Query\.viewer/,
    reverse: /missing in supergraph: +field Query\.viewer/,
  },
  {
    what: "an argument's type changed",
    from: 'area(id: ID!): Area', to: 'area(id: String!): Area',
    expect: /changed: +argument Query\.area\(id:\): type: all-in-one String!, supergraph ID!/,
    reverse: /changed: +argument Query\.area\(id:\): type: all-in-one ID!, supergraph String!/,
  },
  {
    what: 'an enum value removed',
    from: '\t"""\n\tĐặc khu.\n\t"""\n\tSPECIAL_ZONE\n', to: '',
    expect: /only in supergraph: +enum value AreaLevel\.SPECIAL_ZONE/,
    reverse: /missing in supergraph: +enum value AreaLevel\.SPECIAL_ZONE/,
  },
  {
    what: "an argument's default value changed",
    from: 'verified: Boolean! = true)', to: 'verified: Boolean! = false)',
    expect: /changed: +argument Mutation\.verifyOrganization\(verified:\): default: all-in-one false, supergraph true/,
  },
  {
    what: 'a default value removed',
    from: 'includeHistoric: Boolean! = false', to: 'includeHistoric: Boolean!',
    expect: /changed: +input field AreaFilter\.includeHistoric: default: all-in-one \(none\), supergraph false/,
  },
  {
    what: 'an argument added',
    from: 'area(id: ID!): Area', to: 'area(id: ID!, asOf: Date): Area',
    expect: /missing in supergraph: +argument Query\.area\(asOf:\)/,
  },
  {
    what: 'a field made nullable',
    from: '\tsince: DateTime!', to: '\tsince: DateTime',
    expect: /changed: +field Membership\.since: type: all-in-one DateTime, supergraph DateTime!/,
  },
  {
    what: 'a field deprecated',
    from: '\tsince: DateTime!', to: '\tsince: DateTime! @deprecated(reason: "use from")',
    expect: /changed: +field Membership\.since: directives: all-in-one @deprecated\(reason: "use from"\), supergraph \(none\)/,
  },
  {
    what: 'a description changed',
    from: 'Who the caller is; null for anonymous requests.', to: 'Who calls.',
    expect: /changed: +field Query\.viewer: description: all-in-one "Who calls\.", supergraph "Who the caller is; null for anonymous requests\."/,
  },
  {
    what: 'a whole type removed',
    from: 'type Membership {', to: 'type Membership2 {',
    expect: /missing in supergraph: +type Membership2/,
  },
];

for (const b of breakages) {
  test(`(b) all-in-one with ${b.what} differs from the supergraph`, () => {
    const changed = replaceOnce(allInOne, b.from, b.to);
    // The subgraph is the original; the all-in-one side carries the change.
    const result = compareApiSchemas(changed, composeOne(allInOne));
    assert.equal(result.equal, false);
    assert.ok(result.differences.some((d) => b.expect.test(d)), result.differences.join('\n'));
  });
  if (b.reverse) {
    test(`(b) subgraph with ${b.what} makes the supergraph differ from the all-in-one`, () => {
      const changed = replaceOnce(allInOne, b.from, b.to);
      const result = compareApiSchemas(allInOne, composeOne(changed));
      assert.equal(result.equal, false);
      assert.ok(result.differences.some((d) => b.reverse.test(d)), result.differences.join('\n'));
    });
  }
}

test('(b) CLI: a removed field prints the difference and exits 1', (t) => {
  const dir = tmp(t);
  const sub = join(dir, 'directory.graphql');
  writeFileSync(sub, replaceOnce(allInOne, '\t"""\n\tWho the caller is; null for anonymous requests.\n\t"""\n\tviewer: Viewer\n', ''));
  const r = cli(['--out', join(dir, 'sg.graphql'), '--api-schema', fixture, `directory=${sub}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /differs from the all-in-one schema .*\(1 difference\(s\)\)/);
  assert.match(r.stderr, /^ {2}- missing in supergraph: +field Query\.viewer {2}\(type Viewer\)$/m);
});

test('(b) order and formatting alone are not differences', () => {
  const reordered = `
    enum E { B A }
    input I { b: Int = 2, a: [Int!] = [1, 2], o: O = {y: 1, x: "s"} }
    input O { x: String y: Float }
    type Query { f(b: I, a: E = A): Int @deprecated, g: String }
  `;
  const original = `
    type Query {
      g: String
      f(a: E = A, b: I): Int @deprecated(reason: "No longer supported")
    }
    input O { y: Float x: String }
    input I { o: O = {x: "s", y: 1.0}, a: [Int!] = [1, 2], b: Int = 2 }
    enum E { A B }
  `;
  assert.deepEqual(compareApiSchemas(original, reordered).differences, []);
  // ...but list order inside a default value is significant.
  const listChanged = original.replace('[1, 2]', '[2, 1]');
  assert.equal(compareApiSchemas(listChanged, reordered).equal, false);
});

test('(b) federation plumbing is stripped, client-visible directives are not', () => {
  const subgraphStyle = `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable", {name: "@tag", as: "@label"}, "FieldSet"])
    scalar FieldSet
    directive @key(fields: _FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
    directive @link(url: String, import: [link__Import]) repeatable on SCHEMA
    scalar _Any
    scalar _FieldSet
    scalar link__Import
    enum link__Purpose { SECURITY EXECUTION }
    scalar String
    type _Service { sdl: String }
    union _Entity = Org
    type Org @key(fields: "id") @shareable @label(name: "public") { id: ID! name: String @federation__external }
    type Query {
      _service: _Service!
      _entities(representations: [_Any!]!): [_Entity]!
      org: Org
    }
  `;
  const api = 'type Org { id: ID! name: String } type Query { org: Org }';
  const result = compareApiSchemas(subgraphStyle, api);
  assert.deepEqual(result.differences, []);
  assert.ok(result.removed.allInOne.includes('field Query._entities (federation)'));
  assert.ok(result.removed.allInOne.includes('@label on Org'));
  assert.ok(result.removed.allInOne.includes('type FieldSet (federation)'));
  // A type that merely has a federation-like name is not stripped unless imported.
  const own = 'scalar FieldSet type Query { f: FieldSet }';
  assert.equal(compareApiSchemas(own, 'scalar FieldSet2 type Query { f: FieldSet2 }').equal, false);
  assert.deepEqual(compareApiSchemas(own, own).differences, []);
  assert.ok(compareApiSchemas('scalar FieldSet type Query { f: FieldSet }', 'type Query { f: String }')
    .differences.some((d) => /missing in supergraph: +type FieldSet/.test(d)));
  // @oneOf and @specifiedBy applications are part of the API and stay.
  const withOneOf = 'input P @oneOf { a: Int b: String } scalar U @specifiedBy(url: "https://x") type Query { f(p: P): U }';
  const withoutOneOf = 'input P { a: Int b: String } scalar U type Query { f(p: P): U }';
  const d = compareApiSchemas(withOneOf, withoutOneOf).differences;
  assert.ok(d.some((x) => /type P: directives: all-in-one @oneOf/.test(x)), d.join('\n'));
  assert.ok(d.some((x) => /type U: directives: all-in-one @specifiedBy\(url: "https:\/\/x"\)/.test(x)), d.join('\n'));
});

test('(b) a field hidden with @inaccessible in a subgraph is reported, not stripped away', () => {
  const sub = `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@inaccessible"])
    type Query { a: Int b: Int @inaccessible }
  `;
  const allInOneSdl = 'type Query { a: Int b: Int }';
  const r = composeSubgraphs([{ name: 'm', sdl: sub }]);
  assert.ok(r.ok, r.errors?.join('\n'));
  const d = compareApiSchemas(allInOneSdl, r.publicSdl).differences;
  assert.deepEqual(d, ['- missing in supergraph:  field Query.b  (type Int)']);
});

// (c) ------------------------------------------------------------------------

const link = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])';
const directorySdl = `${link}
  type Organization @key(fields: "id") @shareable { id: ID! name: String! }
  type Query { organization(id: ID!): Organization }
`;
const internshipsSdl = `${link}
  type Organization @key(fields: "id") @shareable { id: ID! name: String! }
  type Offer @key(fields: "id") { id: ID! title: String! enterprise: Organization! }
  type Query { offers: [Offer!]! }
`;
const conflictingSdl = `${link}
  type Organization @key(fields: "id") { id: ID! name: String! }
  type Query { offers: [Int!]! }
`;

test('(c) two subgraphs sharing an entity with @key and @shareable fields compose', () => {
  const r = composeSubgraphs([
    { name: 'directory', sdl: directorySdl },
    { name: 'internships', sdl: internshipsSdl },
  ]);
  assert.ok(r.ok, r.errors?.join('\n'));
  assert.match(r.supergraphSdl, /type Organization @join__type\(graph: DIRECTORY, key: "id"\) @join__type\(graph: INTERNSHIPS, key: "id"\)/);
  const expectedApi = `
    type Organization { id: ID! name: String! }
    type Offer { id: ID! title: String! enterprise: Organization! }
    type Query { organization(id: ID!): Organization offers: [Offer!]! }
  `;
  assert.deepEqual(compareApiSchemas(expectedApi, r.publicSdl).differences, []);
});

test('(c) a field defined in two subgraphs without @shareable fails composition with a reported error', () => {
  const r = composeSubgraphs([
    { name: 'directory', sdl: directorySdl },
    { name: 'internships', sdl: conflictingSdl },
  ]);
  assert.equal(r.ok, false);
  assert.ok(
    r.errors.some((e) => /^\[INVALID_FIELD_SHARING\] .*"Organization\.name"/.test(e)),
    r.errors.join('\n'),
  );
});

test('(c) CLI: composition errors are printed and exit 1; --url sets the subgraph URL', (t) => {
  const dir = tmp(t);
  const a = join(dir, 'directory.graphql');
  const b = join(dir, 'internships.graphql');
  const c = join(dir, 'conflicting.graphql');
  writeFileSync(a, directorySdl);
  writeFileSync(b, internshipsSdl);
  writeFileSync(c, conflictingSdl);
  const out = join(dir, 'sg.graphql');

  const bad = cli(['--out', out, `directory=${a}`, `internships=${c}`]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /composition of 2 subgraph\(s\) \(directory, internships\) failed/);
  assert.match(bad.stderr, /\[INVALID_FIELD_SHARING\] Non-shareable field "Organization\.name"/);

  const good = cli(['--out', out, '--url', 'internships=http://127.0.0.1:4002/graphql', `directory=${a}`, `internships=${b}`]);
  assert.equal(good.code, 0, good.stderr);
  const sg = readFileSync(out, 'utf8');
  assert.match(sg, /INTERNSHIPS @join__graph\(name: "internships", url: "http:\/\/127\.0\.0\.1:4002\/graphql"\)/);
  assert.match(sg, /DIRECTORY @join__graph\(name: "directory", url: "http:\/\/localhost\/directory"\)/);
});

test('CLI: usage errors exit 2', (t) => {
  const dir = tmp(t);
  assert.equal(cli([`directory=${fixture}`]).code, 2); // no --out
  assert.equal(cli(['--out', join(dir, 'x')]).code, 2); // no subgraph
  assert.equal(cli(['--out', join(dir, 'x'), 'directory']).code, 2); // not name=path
  assert.equal(cli(['--out', join(dir, 'x'), `directory=${join(dir, 'missing.graphql')}`]).code, 2);
  assert.equal(cli(['--out', join(dir, 'x'), '--url', 'other=http://x', `directory=${fixture}`]).code, 2);
  assert.equal(cli(['--out', join(dir, 'x'), `d=${fixture}`, `d=${fixture}`]).code, 2);
  assert.equal(cli(['--out', join(dir, 'x'), '--bogus', `d=${fixture}`]).code, 2);
});

test('CLI: an SDL that does not parse exits 1 naming the subgraph', (t) => {
  const dir = tmp(t);
  const broken = join(dir, 'broken.graphql');
  writeFileSync(broken, 'type Query {');
  const r = cli(['--out', join(dir, 'x'), `directory=${broken}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /subgraph "directory": SDL does not parse/);
});
