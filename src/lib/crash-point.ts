/**
 * Test hook for crash-consistency tests: a process started with LINKPORT_TEST_CRASH_POINT=<name>
 * kills itself (SIGKILL, as a power cut would) the first time it reaches that point. Unset, which is
 * how Linkport always runs outside those tests, a point does nothing.
 */
export function createCrashPoints(armed: string | undefined): (point: string) => void {
  if (!armed) return () => undefined;
  return (point) => {
    if (point === armed) process.kill(process.pid, 'SIGKILL');
  };
}
