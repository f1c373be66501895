// Printed once per run so CI logs show which runtime the suite actually used.
export default function setup(): void {
  console.log(`scorebridge tests on Node ${process.versions.node} (TZ=${process.env.TZ ?? 'unset'})`);
}
