// A third party's view in TypeScript: the client @hey-api/openapi-ts generates from openapi.json
// (into ./generated, by tests/contract/test_typescript_client.py) calls the local server.
// PICO_BASE_URL is the stage's base URL and PICO_API_KEY a key the server accepts; the server's
// clock is pinned, so the dates below stay plannable whatever day the tests run.
import assert from "node:assert/strict";
import { test } from "node:test";

import { client } from "./generated/client.gen";
import {
  deleteClinic,
  estimateSessions,
  getClinic,
  listConcerns,
  putClinic,
  scheduleSessions,
} from "./generated/sdk.gen";
import type { ClinicProfile, EstimateRequest, ScheduleRequest } from "./generated/types.gen";

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this through tests/contract/test_typescript_client.py`);
  }
  return value;
}

client.setConfig({ baseUrl: required("PICO_BASE_URL"), auth: required("PICO_API_KEY") });

const estimateRequest: EstimateRequest = {
  patient: { age: 42, skin_type: 4 },
  concerns: [{ type: "pigmentation", subtype: "melasma", severity: "moderate" }],
};

const scheduleRequest: ScheduleRequest = {
  ...estimateRequest,
  start_date: "2027-01-11",
  time_zone: "Europe/London",
  availability: { weekdays: ["tue", "wed", "thu", "fri", "sat"] },
};

test("an estimate comes back typed", async () => {
  const { data, response } = await estimateSessions({ body: estimateRequest });

  assert.equal(response.status, 200);
  assert.ok(data);
  assert.ok(data.sessions.min <= data.sessions.recommended && data.sessions.recommended <= data.sessions.max);
  assert.equal(data.concerns[0]?.subtype, "melasma");
  assert.ok(data.factors.length > 0);
});

test("a schedule as JSON falls on the allowed weekdays", async () => {
  const { data, response } = await scheduleSessions({ body: scheduleRequest });

  assert.equal(response.status, 200);
  assert.ok(data);
  assert.equal(data.sessions.length, data.session_count);
  for (const session of data.sessions) {
    const weekday = new Date(`${session.date}T00:00:00Z`).getUTCDay();
    assert.ok(weekday >= 2 && weekday <= 6, `${session.date} is not Tuesday to Saturday`);
  }
});

test("the same schedule as iCalendar", async () => {
  const { data, response } = await scheduleSessions({
    body: scheduleRequest,
    headers: { Accept: "text/calendar" },
    parseAs: "text",
  });

  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/calendar/);
  assert.equal(typeof data, "string");
  const calendar = String(data);
  assert.ok(calendar.startsWith("BEGIN:VCALENDAR"));
  const { data: json } = await scheduleSessions({ body: scheduleRequest });
  assert.ok(json && json.sessions.length > 0);
  for (const session of json.sessions) {
    assert.ok(calendar.includes(session.date.replaceAll("-", "")), `no event on ${session.date}`);
  }
});

test("the catalogue revalidates with If-None-Match", async () => {
  const first = await listConcerns();
  const etag = first.response.headers.get("etag");

  assert.equal(first.response.status, 200);
  assert.ok(first.data && first.data.concern_types.length > 0);
  assert.ok(etag);
  const again = await listConcerns({ headers: { "If-None-Match": etag } });
  assert.equal(again.response.status, 304);
  assert.equal(again.response.headers.get("etag"), etag);
});

test("a clinic is created, replaced only with its current ETag, and deleted", async () => {
  const path = { clinic_id: `ts-client-${process.pid}` };
  const profile: ClinicProfile = {
    display_name: "North Street Clinic",
    time_zone: "Europe/London",
    weekdays: ["tue", "wed", "thu", "fri", "sat"],
  };

  const created = await putClinic({ path, body: profile });
  assert.equal(created.response.status, 201);
  const createdTag = created.response.headers.get("etag");
  assert.ok(createdTag);

  const unconditional = await putClinic({ path, body: profile });
  assert.equal(unconditional.response.status, 428);

  const replaced = await putClinic({
    path,
    body: { ...profile, weekdays: ["tue", "wed"] },
    headers: { "if-match": createdTag },
  });
  assert.equal(replaced.response.status, 200);
  const replacedTag = replaced.response.headers.get("etag");
  assert.ok(replacedTag && replacedTag !== createdTag);
  assert.deepEqual(replaced.data?.profile.weekdays, ["tue", "wed"]);
  assert.equal(replaced.data?.etag, replacedTag);

  const stale = await deleteClinic({ path, headers: { "if-match": createdTag } });
  assert.equal(stale.response.status, 412);
  const deleted = await deleteClinic({ path, headers: { "if-match": replacedTag } });
  assert.equal(deleted.response.status, 204);
  const gone = await getClinic({ path });
  assert.equal(gone.response.status, 404);
});
