/**
 * Loads snowflake-sdk. The driver starts cloud platform detection when its module loads: it probes
 * 169.254.169.254 and metadata.google.internal (plus an AWS STS call) only to enrich login
 * telemetry. That traffic leaves the machine before any connection is made, so it is switched off
 * here, before the module is evaluated, unless the environment already decided.
 */
process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';

const { default: snowflake } = await import('snowflake-sdk');

// scorebridge logs through its own logger; the driver's logger would write snowflake.log files.
snowflake.configure({ logLevel: 'OFF', additionalLogToConsole: false });

export type { Bind, Connection, ConnectionOptions, SnowflakeError as DriverError } from 'snowflake-sdk';
export { snowflake };
