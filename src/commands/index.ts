/**
 * Every command family, registered into the server's command table.
 * Adding a family: export a CommandDef[] from its module and list it here.
 */
import type { Server } from '../server/server.js';
import type { CommandDef } from '../catalog/spec.js';
import { connectionCommands } from './connection.js';
import { stringCommands } from './strings.js';
import { bitmapCommands } from './bitmap.js';
import { hyperloglogCommands } from './hyperloglog.js';
import { geoCommands } from './geo.js';
import { lolwutCommands } from './lolwut.js';
import { pubsubCommands } from './pubsub.js';
import { transactionCommands } from './transactions.js';
import { clientTrackingCommands } from './client-tracking.js';
import { commandCommands } from './command.js';
import { clientCommands } from './client.js';
import { serverCommands } from './server.js';
import { zsetCommands } from './zsets.js';
import { sortCommands } from './sort.js';
import { hashCommands } from './hashes.js';
import { setCommands } from './sets.js';
import { keysCommands } from './keys.js';
import { configCommands } from './config.js';
import { infoCommands } from './info.js';
import { slowlogCommands } from './slowlog.js';
import { latencyCommands } from './latency.js';
import { aclCommands } from './acl.js';
import { listCommands } from './lists.js';
import { scriptingCommands } from './scripting.js';
import { memoryCommands } from './memory.js';
import { replicationCommands } from './replication.js';
import { streamCommands } from './streams.js';
import { streamGroupCommands } from './stream-groups.js';
import { aofCommands } from './aof.js';
import { persistenceCommands } from './persistence.js';
import { streamInfoCommands } from './stream-info.js';
import { moduleCommands } from './module.js';

const FAMILIES: CommandDef[][] = [
  memoryCommands,
  aofCommands,
  replicationCommands,
  connectionCommands,
  stringCommands,
  bitmapCommands,
  hyperloglogCommands,
  geoCommands,
  lolwutCommands,
  pubsubCommands,
  transactionCommands,
  clientTrackingCommands,
  commandCommands,
  clientCommands,
  serverCommands,
  zsetCommands,
  sortCommands,
  hashCommands,
  setCommands,
  keysCommands,
  configCommands,
  infoCommands,
  slowlogCommands,
  latencyCommands,
  aclCommands,
  listCommands,
  scriptingCommands,
  streamCommands,
  streamGroupCommands,
  persistenceCommands,
  streamInfoCommands,
  moduleCommands,
];

export function registerAllCommands(server: Server): void {
  for (const family of FAMILIES) for (const def of family) server.commands.add(def);
}
