/**
 * ACL against real Redis 7.0: SETUSER/GETUSER/LIST rule strings, CAT,
 * DRYRUN, WHOAMI, NOPERM texts, AUTH/HELLO flows, WRONGPASS and NOAUTH.
 * Every case first deletes the users the suite creates, so cases are
 * independent; cases that touch the default user restore it.
 */
import { diffSuite, sortedArray, type DiffCase, type Cmd } from '../helpers/diff.js';

const USERS = ['alice', 'bob', 'carol', 'dave', 'u1', 'u2', 'sel'];
const CLEAN = ['ACL', 'DELUSER', ...USERS];
const HASH = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8'; // sha256("password")

function k(name: string, ...cmds: Cmd[]): DiffCase {
  return { name, cmds: [CLEAN, ...cmds] };
}
const maskId = (s: string) => s.replace(/\$2\r\nid\r\n:\d+/, 'ID');
const sorted = (s: string) => sortedArray(s);
/** ACL LOG: age and client-info vary. */
const maskLog = (s: string) => s
  .replace(/\$11\r\nage-seconds\r\n[,$][^\r]*\r\n(?:[^\r]*\r\n)?/g, 'AGE\r\n')
  .replace(/\$11\r\nclient-info\r\n\$\d+\r\n[^\r]*\r\n/g, 'CINFO\r\n');

const cases: DiffCase[] = [
  // --- SETUSER / LIST / GETUSER rule strings
  k('new user is off with no permissions', 'ACL SETUSER u1', 'ACL LIST', 'ACL GETUSER u1'),
  k('on and off', 'ACL SETUSER u1 on', 'ACL GETUSER u1', 'ACL SETUSER u1 off', 'ACL LIST'),
  k('nopass', 'ACL SETUSER u1 on nopass', 'ACL LIST'),
  k('password is stored hashed', 'ACL SETUSER u1 >password', 'ACL LIST', 'ACL GETUSER u1'),
  k('two passwords keep order', 'ACL SETUSER u1 >b >a', 'ACL LIST'),
  k('same password twice', 'ACL SETUSER u1 >a >a', 'ACL LIST'),
  k('remove a password', 'ACL SETUSER u1 >a >b <a', 'ACL LIST'),
  k('remove a missing password', 'ACL SETUSER u1 >a', 'ACL SETUSER u1 <zz', 'ACL LIST'),
  k('hash password', `ACL SETUSER u1 #${HASH}`, 'ACL LIST'),
  k('remove by hash', `ACL SETUSER u1 >password !${HASH}`, 'ACL LIST'),
  k('bad hash length', 'ACL SETUSER u1 #abc'),
  k('bad hash uppercase', `ACL SETUSER u1 #${HASH.toUpperCase()}`),
  k('bad hash on remove', 'ACL SETUSER u1 !zz'),
  k('nopass clears passwords', 'ACL SETUSER u1 >a >b nopass', 'ACL LIST'),
  k('password clears nopass', 'ACL SETUSER u1 nopass >a', 'ACL LIST'),
  k('resetpass', 'ACL SETUSER u1 >a nopass resetpass', 'ACL LIST'),
  k('empty password', ['ACL', 'SETUSER', 'u1', '>'], 'ACL LIST'),
  k('binary password', ['ACL', 'SETUSER', 'u1', '>\x00\xff\r\n'], 'ACL LIST'),
  k('allkeys', 'ACL SETUSER u1 allkeys', 'ACL LIST'),
  k('tilde star', 'ACL SETUSER u1 ~*', 'ACL LIST'),
  k('key patterns', 'ACL SETUSER u1 ~a* ~b?', 'ACL LIST', 'ACL GETUSER u1'),
  k('read and write key patterns', 'ACL SETUSER u1 %R~r* %W~w* %RW~rw*', 'ACL LIST', 'ACL GETUSER u1'),
  k('WR spelled backwards', 'ACL SETUSER u1 %WR~x', 'ACL LIST'),
  k('R then W merge', 'ACL SETUSER u1 %R~x %W~x', 'ACL LIST'),
  k('lower-case r and w', 'ACL SETUSER u1 %r~x %w~y', 'ACL LIST'),
  k('bad key permission letter', 'ACL SETUSER u1 %X~x'),
  k('duplicate permission letter', 'ACL SETUSER u1 %RR~x'),
  k('percent without tilde', 'ACL SETUSER u1 %R'),
  k('duplicate key pattern', 'ACL SETUSER u1 ~a ~a', 'ACL LIST'),
  k('pattern after allkeys', 'ACL SETUSER u1 allkeys ~x'),
  k('allkeys after pattern', 'ACL SETUSER u1 ~x allkeys', 'ACL LIST'),
  k('resetkeys', 'ACL SETUSER u1 ~x resetkeys ~y', 'ACL LIST'),
  k('channel patterns', 'ACL SETUSER u1 &a &b*', 'ACL LIST', 'ACL GETUSER u1'),
  k('allchannels', 'ACL SETUSER u1 allchannels', 'ACL LIST'),
  k('channel after allchannels', 'ACL SETUSER u1 &* &x'),
  k('resetchannels', 'ACL SETUSER u1 allchannels resetchannels &z', 'ACL LIST'),
  k('duplicate channel', 'ACL SETUSER u1 &a &a', 'ACL LIST'),
  k('allcommands', 'ACL SETUSER u1 allcommands', 'ACL LIST'),
  k('nocommands', 'ACL SETUSER u1 +@all nocommands', 'ACL LIST'),
  k('plus one command', 'ACL SETUSER u1 +get', 'ACL LIST'),
  k('minus one command from all', 'ACL SETUSER u1 +@all -get', 'ACL LIST'),
  k('command case folds', 'ACL SETUSER u1 +GeT', 'ACL LIST'),
  k('unknown command', 'ACL SETUSER u1 +nosuch'),
  k('unknown minus command', 'ACL SETUSER u1 -nosuch'),
  k('category', 'ACL SETUSER u1 +@string', 'ACL LIST'),
  k('category upper-case', 'ACL SETUSER u1 +@STRING', 'ACL LIST'),
  k('unknown category', 'ACL SETUSER u1 +@nosuch'),
  k('minus category from all', 'ACL SETUSER u1 +@all -@dangerous', 'ACL LIST'),
  k('all minus hash plus hget', 'ACL SETUSER u1 +@all -@hash +hget', 'ACL LIST'),
  k('category then remove a command', 'ACL SETUSER u1 +@string -append', 'ACL LIST'),
  k('read category', 'ACL SETUSER u1 +@read', 'ACL LIST'),
  k('write category', 'ACL SETUSER u1 +@write', 'ACL LIST'),
  k('fast minus slow', 'ACL SETUSER u1 +@fast -@slow', 'ACL LIST'),
  k('subcommand allowed', 'ACL SETUSER u1 +config|get', 'ACL LIST', 'ACL GETUSER u1'),
  k('container then minus subcommand', 'ACL SETUSER u1 +config -config|set', 'ACL LIST'),
  k('unknown subcommand', 'ACL SETUSER u1 +config|nosuch'),
  k('empty subcommand', 'ACL SETUSER u1 +config|'),
  k('first-arg of plain command', 'ACL SETUSER u1 +select|0', 'ACL LIST'),
  k('first-arg of subcommand refused', 'ACL SETUSER u1 +acl|cat|x'),
  k('minus with first-arg', 'ACL SETUSER u1 -select|0'),
  k('minus subcommand alone', 'ACL SETUSER u1 -config|get', 'ACL LIST'),
  k('unknown modifier', 'ACL SETUSER u1 foo'),
  k('sanitize-payload flags', 'ACL SETUSER u1 skip-sanitize-payload', 'ACL LIST', 'ACL SETUSER u1 sanitize-payload', 'ACL GETUSER u1'),
  k('reset', 'ACL SETUSER u1 on >a ~* &* +@all reset', 'ACL LIST'),
  k('failed setuser changes nothing', 'ACL SETUSER u1 on ~x', 'ACL SETUSER u1 off ~y +nosuch', 'ACL LIST'),
  k('failed setuser does not create', 'ACL SETUSER u1 +nosuch', 'ACL USERS'),
  k('username with space', ['ACL', 'SETUSER', 'a b', 'on']),
  k('username with NUL', ['ACL', 'SETUSER', 'a\x00b']),
  k('modifier with space', ['ACL', 'SETUSER', 'u1', '~a b']),
  k('empty modifier is ignored', ['ACL', 'SETUSER', 'u1', '', 'on'], 'ACL LIST'),
  k('full user', `ACL SETUSER alice on >p1 #${HASH} ~k* %R~r* &ch* +@hash -hset`, 'ACL GETUSER alice'),
  k('modifying keeps other rules', 'ACL SETUSER u1 on ~a', 'ACL SETUSER u1 +get', 'ACL LIST'),

  // --- selectors
  k('selector', 'ACL SETUSER sel (~x* +set)', 'ACL LIST', 'ACL GETUSER sel'),
  k('two selectors', 'ACL SETUSER sel (~x +get) (&c %W~y +set)', 'ACL LIST', 'ACL GETUSER sel'),
  k('selector in one argument', ['ACL', 'SETUSER', 'sel', '(~a +get)'], 'ACL LIST'),
  k('unmatched parenthesis', 'ACL SETUSER sel (~x +get'),
  k('bad rule inside selector', 'ACL SETUSER sel (~x +nosuch)'),
  k('clearselectors', 'ACL SETUSER sel (~x +get) clearselectors', 'ACL LIST'),
  k('reset clears selectors', 'ACL SETUSER sel (~x +get) reset', 'ACL LIST'),
  k('empty selector', 'ACL SETUSER sel ()', 'ACL LIST'),

  // --- USERS / DELUSER / WHOAMI / GETUSER
  k('users sorted', 'ACL SETUSER carol', 'ACL SETUSER alice', 'ACL SETUSER bob', 'ACL USERS'),
  k('deluser counts', 'ACL SETUSER alice', 'ACL SETUSER bob', 'ACL DELUSER alice bob nosuch', 'ACL USERS'),
  k('deluser default refused', 'ACL SETUSER alice', 'ACL DELUSER alice default', 'ACL USERS'),
  k('deluser arity', 'ACL DELUSER'),
  k('getuser missing', 'ACL GETUSER nosuch'),
  k('getuser default', 'ACL GETUSER default'),
  k('getuser arity', 'ACL GETUSER a b'),
  k('whoami', 'ACL WHOAMI'),
  k('whoami arity', 'ACL WHOAMI x'),
  k('list arity', 'ACL LIST x'),
  k('acl unknown subcommand', 'ACL FOO'),
  k('acl help', 'ACL HELP'),
  k('acl no args', 'ACL'),

  // --- CAT / GENPASS
  k('cat categories', 'ACL CAT'),
  { ...k('cat string', 'ACL CAT string'), normalize: sorted },
  { ...k('cat hash upper-case', 'ACL CAT HASH'), normalize: sorted },
  { ...k('cat dangerous', 'ACL CAT dangerous'), normalize: sorted },
  { ...k('cat pubsub', 'ACL CAT pubsub'), normalize: sorted },
  { ...k('cat connection', 'ACL CAT connection'), normalize: sorted },
  k('cat unknown', 'ACL CAT nosuch'),
  k('cat all is unknown', 'ACL CAT all'),
  k('cat arity', 'ACL CAT a b'),
  k('genpass zero', 'ACL GENPASS 0'),
  k('genpass too big', 'ACL GENPASS 4097'),
  k('genpass not a number', 'ACL GENPASS x'),
  k('genpass negative', 'ACL GENPASS -1'),
  { name: 'genpass length', cmds: ['ACL GENPASS', 'ACL GENPASS 5', 'ACL GENPASS 1', 'ACL GENPASS 4096'], normalize: (s) => s.replace(/\r\n[0-9a-f]+\r\n$/, '\r\nHEX\r\n') },

  // --- DRYRUN
  k('dryrun allowed', 'ACL SETUSER u1 +get ~*', 'ACL DRYRUN u1 get x'),
  k('dryrun denied command', 'ACL SETUSER u1 +get ~*', 'ACL DRYRUN u1 set x y'),
  k('dryrun denied key', 'ACL SETUSER u1 +get ~a*', 'ACL DRYRUN u1 get b'),
  k('dryrun read-only key pattern', 'ACL SETUSER u1 +@all %R~r*', 'ACL DRYRUN u1 get r1', 'ACL DRYRUN u1 set r1 v', 'ACL DRYRUN u1 append r1 v'),
  k('dryrun write-only key pattern', 'ACL SETUSER u1 +@all %W~w*', 'ACL DRYRUN u1 get w1', 'ACL DRYRUN u1 set w1 v', 'ACL DRYRUN u1 set w1 v GET', 'ACL DRYRUN u1 del w1', 'ACL DRYRUN u1 exists w1'),
  k('dryrun bitfield flags', 'ACL SETUSER u1 +@all %R~r* %W~w*', 'ACL DRYRUN u1 bitfield r GET u8 0', 'ACL DRYRUN u1 bitfield r SET u8 0 1', 'ACL DRYRUN u1 bitfield w SET u8 0 1', 'ACL DRYRUN u1 bitfield w GET u8 0'),
  k('dryrun multi-key', 'ACL SETUSER u1 +@all ~a*', 'ACL DRYRUN u1 mget a1 a2', 'ACL DRYRUN u1 mget a1 b2 c3', 'ACL DRYRUN u1 mset a1 1 b1 2'),
  k('dryrun channel', 'ACL SETUSER u1 +@all resetchannels &c*', 'ACL DRYRUN u1 publish c1 m', 'ACL DRYRUN u1 publish d1 m', 'ACL DRYRUN u1 subscribe c1 d1'),
  k('dryrun psubscribe is literal', 'ACL SETUSER u1 +@all resetchannels &c*', 'ACL DRYRUN u1 psubscribe c*', 'ACL DRYRUN u1 psubscribe c1*'),
  k('dryrun unknown user', 'ACL DRYRUN nosuch get x'),
  k('dryrun unknown command', 'ACL SETUSER u1', 'ACL DRYRUN u1 nosuch'),
  k('dryrun wrong arity', 'ACL SETUSER u1 +@all', 'ACL DRYRUN u1 get'),
  k('dryrun subcommand', 'ACL SETUSER u1 +config|get', 'ACL DRYRUN u1 config get x', 'ACL DRYRUN u1 config set x y'),
  k('dryrun unknown subcommand', 'ACL SETUSER u1', 'ACL DRYRUN u1 config nosuch'),
  k('dryrun first-arg', 'ACL SETUSER u1 +select|0', 'ACL DRYRUN u1 select 0', 'ACL DRYRUN u1 select 1'),
  k('dryrun selectors', 'ACL SETUSER sel +get ~a (+set ~b)', 'ACL DRYRUN sel get a', 'ACL DRYRUN sel set b v', 'ACL DRYRUN sel get b', 'ACL DRYRUN sel set a v'),
  k('dryrun default', 'ACL DRYRUN default flushall'),
  k('dryrun auth always allowed', 'ACL SETUSER u1', 'ACL DRYRUN u1 auth a b', 'ACL DRYRUN u1 hello'),
  k('dryrun arity', 'ACL DRYRUN u1'),

  // --- AUTH / HELLO / NOPERM
  k('auth wrong password', 'ACL SETUSER alice on >pw +@all ~*', 'AUTH alice nope'),
  k('auth unknown user', 'AUTH nobody pw'),
  k('auth disabled user', 'ACL SETUSER alice off >pw +@all', 'AUTH alice pw'),
  k('auth then whoami', 'ACL SETUSER alice on >pw +@all', 'AUTH alice pw', 'ACL WHOAMI'),
  k('auth nopass user any password', 'ACL SETUSER alice on nopass +acl', 'AUTH alice anything', 'ACL WHOAMI'),
  k('auth second password', 'ACL SETUSER alice on >one >two +acl', 'AUTH alice two', 'ACL WHOAMI'),
  k('auth one-arg without default password', 'AUTH pw'),
  k('auth arity', 'AUTH a b c'),
  k('auth failure keeps previous user', 'ACL SETUSER alice on >pw +acl', 'AUTH alice pw', 'AUTH alice bad', 'ACL WHOAMI'),
  k('noperm command', 'ACL SETUSER alice on >pw +acl', 'AUTH alice pw', 'GET x'),
  k('noperm subcommand', 'ACL SETUSER alice on >pw +acl|whoami', 'AUTH alice pw', 'ACL WHOAMI', 'ACL LIST'),
  k('noperm key', 'ACL SETUSER alice on >pw +@all ~a*', 'AUTH alice pw', 'SET a1 v', 'SET b1 v', 'GET a1'),
  k('noperm read-only key written', 'ACL SETUSER alice on >pw +@all %R~r*', 'AUTH alice pw', 'GET r', 'SET r v', 'APPEND r v'),
  k('noperm write-only key read', 'ACL SETUSER alice on >pw +@all %W~w*', 'AUTH alice pw', 'SET w v', 'GET w', 'STRLEN w'),
  k('noperm one of many keys', 'ACL SETUSER alice on >pw +@all ~a*', 'AUTH alice pw', 'MSET a1 1 a2 2', 'MSET a1 1 b2 2', 'MGET a1 a2 b'),
  k('noperm publish channel', 'ACL SETUSER alice on >pw +@all ~* resetchannels &news*', 'AUTH alice pw', 'PUBLISH news1 m', 'PUBLISH other m'),
  k('noperm subscribe channel', 'ACL SETUSER alice on >pw +@all ~* resetchannels &news*', 'AUTH alice pw', 'SUBSCRIBE other'),
  k('noperm psubscribe pattern', 'ACL SETUSER alice on >pw +@all ~* resetchannels &news*', 'AUTH alice pw', 'PSUBSCRIBE n*'),
  k('psubscribe literal pattern allowed', 'ACL SETUSER alice on >pw +@all ~* resetchannels &news*', 'AUTH alice pw', 'PSUBSCRIBE news*'),
  k('first-arg allows select 0 only', 'ACL SETUSER alice on >pw +acl +select|0', 'AUTH alice pw', 'SELECT 0', 'SELECT 1'),
  k('selector grants a second key space', 'ACL SETUSER alice on >pw +get ~a* (+set ~b*)', 'AUTH alice pw', 'GET a', 'SET b v', 'GET b', 'SET a v'),
  k('noperm in multi', 'ACL SETUSER alice on >pw +multi +exec +get ~a*', 'AUTH alice pw', 'MULTI', 'GET a', 'GET b', 'SET a v', 'EXEC'),
  k('permissions change before exec', 'ACL SETUSER alice on >pw +@all ~*', 'AUTH alice pw', 'MULTI', 'SET a v', 'ACL SETUSER alice -set', 'EXEC'),
  k('changed rules apply to live connection', 'ACL SETUSER alice on >pw +@all ~*', 'AUTH alice pw', 'GET a', 'ACL SETUSER alice -get', 'GET a'),
  k('auth and hello always allowed', 'ACL SETUSER alice on >pw', 'AUTH alice pw', 'AUTH alice pw', 'PING'),
  { ...k('hello auth', 'ACL SETUSER alice on >pw +@all', 'HELLO 2 AUTH alice pw', 'ACL WHOAMI'), normalize: maskId },
  k('hello auth wrong', 'ACL SETUSER alice on >pw +@all', 'HELLO 2 AUTH alice bad', 'ACL WHOAMI'),
  k('hello auth disabled', 'ACL SETUSER alice off >pw +@all', 'HELLO 3 AUTH alice pw'),
  { ...k('hello auth with setname', 'ACL SETUSER alice on >pw +@all', 'HELLO 2 AUTH alice pw SETNAME n', 'ACL WHOAMI'), normalize: maskId },
  k('deluser closes its connections', 'ACL SETUSER alice on >pw +@all', 'AUTH alice pw', 'ACL DELUSER alice', 'PING'),
  k('reset logs back in as default', 'ACL SETUSER alice on >pw +@all', 'AUTH alice pw', 'RESET', 'ACL WHOAMI'),

  // --- default user password (restored at the end of each case)
  k('default password then auth', 'ACL SETUSER default >secret', 'AUTH secret', 'ACL WHOAMI', 'AUTH wrong', 'ACL SETUSER default nopass', 'ACL LIST'),
  k('auth default user explicitly', 'ACL SETUSER default >secret', 'AUTH default secret', 'ACL SETUSER default nopass'),
  k('default user off', 'ACL SETUSER default off', 'AUTH default x', 'ACL SETUSER default on', 'ACL LIST'),
  k('default user restricted', 'ACL SETUSER default -get', 'GET x', 'ACL SETUSER default +@all', 'GET x', 'ACL LIST'),

  // --- ACL LOG
  { ...k('log records denials', 'ACL LOG RESET', 'ACL SETUSER alice on >pw +get ~a*', 'AUTH alice pw', 'GET b', 'SET a v', 'AUTH alice bad', 'AUTH default x'), normalize: maskLog },
  { ...k('log entries', 'ACL LOG RESET', 'ACL SETUSER alice on >pw +get +acl ~a*', 'AUTH alice pw', 'GET b', 'GET b', 'SET a v', 'ACL LOG', 'ACL LOG 1', 'ACL LOG 0', 'ACL LOG -5', 'ACL LOG RESET', 'ACL LOG'), normalize: maskLog },
  { ...k('log auth failure', 'ACL LOG RESET', 'AUTH nobody pw', 'auth nobody pw', 'ACL LOG'), normalize: maskLog },
  { ...k('log channel', 'ACL LOG RESET', 'ACL SETUSER alice on >pw +@all resetchannels', 'AUTH alice pw', 'PUBLISH ch m', 'ACL LOG'), normalize: maskLog },
  { ...k('log multi context', 'ACL LOG RESET', 'ACL SETUSER alice on >pw +multi +get +acl +discard ~a', 'AUTH alice pw', 'MULTI', 'GET b', 'DISCARD', 'ACL LOG'), normalize: maskLog },
  k('log bad count', 'ACL LOG x'),
  k('log arity', 'ACL LOG 1 2'),

  // --- SAVE/LOAD without aclfile
  k('save without aclfile', 'ACL SAVE'),
  k('load without aclfile', 'ACL LOAD'),
];

diffSuite('acl', cases);
