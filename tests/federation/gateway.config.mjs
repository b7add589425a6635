// Hive Gateway configuration for the hub's split topology (one `hub serve --module NAME`
// process per module, composed by compose.mjs into a supergraph):
//
//   PORT=4000 npx --prefix tests/federation hive-gateway supergraph ./supergraph.graphql \
//     -c tests/federation/gateway.config.mjs
//
// Checked against the installed @graphql-hive/gateway 2.15.1 (its type definitions and
// @graphql-mesh/transport-http 1.2.1 / transport-ws 2.1.0 sources):
// - `transportEntries` keys are a subgraph name, `*.<kind>` or `*`; every subgraph taken from
//   a federation supergraph gets kind `http` and location = its `@join__graph(url:)`.
// - `options.subscriptions` of the http transport sends subscription operations through
//   another transport: `kind: 'ws'` (graphql-ws client, the graphql-transport-ws protocol);
//   `location` is resolved with `new URL(location, subgraphUrl)`, so the absolute path
//   `/graphql/ws` turns `http://host:port/graphql` into `ws://host:port/graphql/ws`.
//   `options.subscriptions.options.connectionParams` becomes the connection_init payload;
//   the ws transport opens one connection per distinct payload, so callers never share one.
// - Strings in `headers` and `connectionParams` are interpolated (`{context.x}`, `{env.X}`);
//   a value that interpolates to nothing is left out.
// - The CLI itself reads PORT (and HOST) from the environment; CLI options and environment
//   win over this file, so `port` below only repeats that default explicitly.

import { defineConfig } from '@graphql-hive/gateway';

/**
 * The caller's `Authorization` value: the HTTP header, or, for a client connected to the
 * gateway over WebSocket, the `Authorization` entry of its connection_init payload (the
 * gateway merges that payload into `context.headers`). Matched case-insensitively.
 */
function authorizationOf(context) {
  const headers = context?.headers;
  if (headers) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'authorization' && headers[key]) return String(headers[key]);
    }
  }
  const fromRequest = context?.request?.headers?.get?.('authorization');
  return fromRequest || undefined;
}

const port = Number.parseInt(process.env.PORT ?? '4000', 10);

export const gatewayConfig = defineConfig({
  port,
  plugins: () => [
    {
      // Put the caller's authorization on the context once, so the transports below can
      // interpolate it as `{context.hubAuthorization}`.
      onContextBuilding({ context, extendContext }) {
        const authorization = authorizationOf(context);
        if (authorization) extendContext({ hubAuthorization: authorization });
      },
    },
  ],
  transportEntries: {
    '*.http': {
      // Queries, mutations and `_entities` calls: HTTP POST to the subgraph's /graphql
      // with the caller's Authorization header.
      headers: [['authorization', '{context.hubAuthorization}']],
      options: {
        subscriptions: {
          kind: 'ws',
          location: '/graphql/ws',
          options: {
            // connection_init payload: {"Authorization": "Bearer …"} as the hub expects.
            connectionParams: { Authorization: '{context.hubAuthorization}' },
          },
        },
      },
    },
  },
});
