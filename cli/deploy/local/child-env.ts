// The resolved config handed to the processes deploy starts (capture agent, model server) as ZIEM_*
// variables. It lives with the stack, which starts the engine server the same way; re-exported here
// so deploy's modules keep one import path.
export { configEnv } from '../../stack/child-env.js';
