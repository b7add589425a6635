'use strict';
const here = new URL(window.location.href);
const ws = new URL('/graphql/ws', here);
ws.protocol = here.protocol === 'https:' ? 'wss:' : 'ws:';
const fetcher = GraphiQL.createFetcher({
  url: new URL('/graphql', here).toString(),
  subscriptionUrl: ws.toString(),
  // graphql-transport-ws cannot carry HTTP headers, so the Authorization header typed into
  // the Headers tab is sent in connection_init instead, where the hub reads it.
  wsConnectionParams: () => {
    try {
      const headers = JSON.parse(localStorage.getItem('graphiql:headers') || '{}');
      return headers.Authorization ? { Authorization: headers.Authorization } : {};
    } catch (_) {
      return {};
    }
  },
});
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: true,
  }),
);
