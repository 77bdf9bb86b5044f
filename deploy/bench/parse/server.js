// Parse Server with LiveQuery, the benchmarks' peer (./orchestra bench NAME --peer parse). Settings come
// from the environment that deploy/bench/lib/parse.sh sets; installed from npm into .orchestra/bench/parse.
const { ParseServer } = require('parse-server');

const port = Number(process.env.PARSE_PORT || 1337);
const url = `http://127.0.0.1:${port}/parse`;

ParseServer.startApp({
  appId: 'bench',
  masterKey: process.env.PARSE_MASTER_KEY,
  masterKeyIps: ['127.0.0.1', '::1'],
  databaseURI: process.env.PARSE_DATABASE_URI,
  serverURL: url,
  publicServerURL: url,
  port,
  host: '127.0.0.1',
  mountPath: '/parse',
  // The benchmark's classes are made with the master key before a run, never by clients.
  allowClientClassCreation: false,
  // LiveQuery on the same port (ws://127.0.0.1:PORT/parse), for the class the sync benchmark watches.
  startLiveQueryServer: true,
  liveQuery: { classNames: ['BenchFile'] },
  logLevel: 'error',
  // Its log files beside it in .orchestra/bench/parse, not in the directory it was started from.
  logsFolder: process.env.PARSE_LOGS_FOLDER,
  silent: true,
}).then(() => {
  console.log(`parse-server listening on ${url}`);
}).catch(error => {
  console.error(error);
  process.exit(1);
});
