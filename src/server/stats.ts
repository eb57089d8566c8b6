/**
 * Server-wide counters behind INFO stats, errorstats and commandstats.
 * Plain numbers on one object so the hot path only increments fields.
 */
/**
 * Why an authentication failed: a wrong password for an existing enabled
 * user, a user that does not exist, a disabled user, or an unauthenticated
 * client dropped for exceeding the pre-auth protocol limits.
 */
export type AuthFailureReason = 'wrong_password' | 'unknown_user' | 'disabled_user' | 'pre_auth_protocol';

export class Stats {
  totalConnectionsReceived = 0;
  totalCommandsProcessed = 0;
  rejectedConnections = 0;
  expiredKeys = 0;
  expiredStaleKeys = 0;
  evictedKeys = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  totalReads = 0;
  totalWrites = 0;
  totalErrorReplies = 0;
  unexpectedErrorReplies = 0;
  aclDeniedAuth = 0;
  aclDeniedCmd = 0;
  aclDeniedKey = 0;
  aclDeniedChannel = 0;
  /**
   * Failed authentications by reason (respd's /metrics; INFO has only the
   * total, acl_access_denied_auth). Reasons never carry the user or peer.
   */
  authFailures: Record<AuthFailureReason, number> = { wrong_password: 0, unknown_user: 0, disabled_user: 0, pre_auth_protocol: 0 };
  /** Commands refused with NOAUTH (a client probing without credentials). */
  noauthRejected = 0;
  syncFull = 0;
  clientQbufLimitDisconnections = 0;
  clientOutbufLimitDisconnections = 0;
  /** Time spent in active expiry (INFO expire_cycle_cpu_milliseconds). */
  expireCycleTimeUs = 0;
  /** Error replies by their code (the first word), for INFO errorstats. */
  errors = new Map<string, number>();

  countError(msg: string): void {
    this.totalErrorReplies++;
    let sp = msg.indexOf(' ');
    if (sp < 0) sp = msg.length;
    const code = msg.slice(0, sp);
    // Redis stops tracking new codes after 128 distinct ones.
    const cur = this.errors.get(code);
    if (cur !== undefined) this.errors.set(code, cur + 1);
    else if (this.errors.size < 128) this.errors.set(code, 1);
  }

  reset(): void {
    const fresh = new Stats();
    Object.assign(this, fresh);
  }
}
