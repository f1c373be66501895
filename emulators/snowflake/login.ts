import type { SnowflakeEngine } from './engine/engine.ts';
import type { EngineSession } from './engine/session.ts';
import { LOGIN_SESSION_PARAMETERS } from './session-parameters.ts';

export type SessionTable = Map<string, EngineSession>;

export interface LoginOptions {
  readonly account: string;
  readonly users?: Readonly<Record<string, string>>;
}

let sessionsOpened = 0;

const BAD_LOGIN = {
  success: false,
  code: '390100',
  message: 'Incorrect username or password was specified.',
  data: { nextAction: 'RETRY_LOGIN', authnMethod: 'USERNAME_PASSWORD' },
};

/** Identifiers passed at login follow SQL folding: unquoted names are upper-cased. */
function folded(name: string | null, fallback: string): string {
  if (!name) return fallback;
  return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1) : name.toUpperCase();
}

/** POST /session/v1/login-request: checks the credentials and opens a session on the engine. */
export async function login(
  engine: SnowflakeEngine,
  sessions: SessionTable,
  url: URL,
  body: unknown,
  options: LoginOptions,
): Promise<Record<string, unknown>> {
  const data = ((body as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>;
  const user = typeof data.LOGIN_NAME === 'string' ? data.LOGIN_NAME : '';
  const accountName = typeof data.ACCOUNT_NAME === 'string' ? data.ACCOUNT_NAME : '';
  const password = typeof data.PASSWORD === 'string' ? data.PASSWORD : '';
  const jwt = typeof data.TOKEN === 'string' ? data.TOKEN : '';
  const known = options.users ? options.users[user] : undefined;
  const passwordOk = options.users ? known !== undefined && known === password : password.length > 0;
  const keyPairOk = data.AUTHENTICATOR === 'SNOWFLAKE_JWT' && jwt.split('.').length === 3;
  if (accountName.toUpperCase() !== options.account.toUpperCase() || !user || !(passwordOk || keyPairOk)) {
    return BAD_LOGIN;
  }
  const database = folded(url.searchParams.get('databaseName'), 'SCOREBRIDGE');
  const schema = folded(url.searchParams.get('schemaName'), 'PUBLIC');
  const session = await engine.serialize(() => engine.openSession(database, schema));
  session.warehouse = folded(url.searchParams.get('warehouse'), '');
  session.role = folded(url.searchParams.get('roleName'), 'SYSADMIN');
  const sessionId = ++sessionsOpened;
  const token = `emulator-session-${sessionId}-${user}`;
  sessions.set(token, session);
  return {
    success: true,
    code: null,
    message: null,
    data: {
      token,
      masterToken: `emulator-master-${sessionId}`,
      validityInSeconds: 3600,
      masterValidityInSeconds: 14_400,
      displayUserName: user.toUpperCase(),
      serverVersion: '9.0.0-emulator',
      firstLogin: false,
      healthCheckInterval: 45,
      sessionId,
      parameters: LOGIN_SESSION_PARAMETERS,
      sessionInfo: {
        databaseName: database,
        schemaName: schema,
        warehouseName: session.warehouse,
        roleName: session.role,
      },
    },
  };
}
