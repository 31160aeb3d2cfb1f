/**
 * The client waits out the server's pushback. tests/test_typescript_client.py starts a
 * server that lets a P3MI make one call a second and hands this test its Connect URL and a
 * P3MI token; without them (the seed flow's run) the test is skipped.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Code, ConnectError, createCpmiClient, refusal, retryAfterMs } from "../index.js";

const baseUrl = process.env.CPMI_RATED_URL;
const token = process.env.CPMI_RATED_TOKEN;

test("a refused call is sent again after the delay the server named", { skip: !baseUrl }, async () => {
  const p3mi = createCpmiClient({ baseUrl: baseUrl!, token });
  const started = Date.now();
  for (let i = 0; i < 3; i += 1) {
    const page = await p3mi.vacancies.listVacancies({ pageSize: 1 }, { timeoutMs: 10_000 });
    assert.ok(Array.isArray(page.vacancies));
  }
  assert.ok(Date.now() - started >= 1500, "the second and third calls waited their turn");

  const impatient = createCpmiClient({ baseUrl: baseUrl!, token, retry: false });
  await impatient.vacancies.listVacancies({ pageSize: 1 }).catch(() => undefined);
  const refused = await impatient.vacancies.listVacancies({ pageSize: 1 }).then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.ok(refused instanceof ConnectError, "without retries the refusal reaches the caller");
  assert.equal(refused.code, Code.ResourceExhausted);
  assert.equal(refusal(refused)?.reason, "TOO_MANY_REQUESTS");
  assert.ok((retryAfterMs(refused) ?? 0) > 0, "RetryInfo names the delay");

  const hurried = await p3mi.vacancies.listVacancies({ pageSize: 1 }, { timeoutMs: 100 }).then(
    () => undefined,
    (error: unknown) => error,
  );
  assert.ok(hurried instanceof ConnectError, "a delay past the call's deadline is not waited for");
});
