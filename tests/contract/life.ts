// One complaint's whole life through a client generated from the served OpenAPI document (openapi-typescript types,
// openapi-fetch calls). No casts, no hand-written types: if the contract cannot say a call, this does not compile.
import createClient from "openapi-fetch";
import type { components, paths } from "./lapor";

type ComplaintView = components["schemas"]["ComplaintView"];
type Problem = components["schemas"]["ProblemDetails"];

const baseUrl = (globalThis as { LAPOR_URL?: string }).LAPOR_URL ?? "http://localhost:5000";
const api = createClient<paths>({ baseUrl });

function fail(step: string, problem: Problem | undefined, status: number): never {
  throw new Error(`${step}: ${status} ${problem?.title ?? ""}`);
}

async function token(username: string): Promise<string> {
  const { data, error, response } = await api.POST("/api/dev/token", { body: { username, password: "lapor-demo" } });
  return data?.accessToken ?? fail("token", error, response.status);
}

const bearer = (accessToken: string) => ({ Authorization: `Bearer ${accessToken}` });
const ifMatch = (view: ComplaintView) => `"${view.version}"`;

export async function life(): Promise<ComplaintView> {
  const submitted = await api.POST("/api/complaints", {
    params: { header: { "Idempotency-Key": crypto.randomUUID() } },
    body: {
      kind: "complaint",
      title: "Lampu lalu lintas mati",
      body: "Lampu di perempatan Jl. Ijen mati sejak kemarin.",
      incidentDate: "2026-11-25",
      location: { regionCode: "35.73" },
      category: "Perhubungan",
      reporter: { name: "Budi", email: "budi@example.id" },
    },
  });
  const { trackingCode: code, secret, complaint } = submitted.data ?? fail("submit", submitted.error, submitted.response.status);
  const path = { code };

  const admin = bearer(await token("admin.nasional"));
  const routed = await api.POST("/api/complaints/{code}/route", {
    params: { path, header: { "If-Match": ifMatch(complaint) } },
    headers: admin,
    body: { agencyId: "kota-malang", resolutionClass: "normative" },
  });
  const afterRoute = routed.data ?? fail("route", routed.error, routed.response.status);

  const city = bearer(await token("admin.malang"));
  const unit = await api.POST("/api/complaints/{code}/route-to-unit", { params: { path }, headers: city, body: { unitId: "malang-dishub" } });
  unit.data ?? fail("route-to-unit", unit.error, unit.response.status);

  const officer = bearer(await token("petugas.dishub"));
  // Other tests share the host, so the complaint may sit on a later page: follow the keyset cursor.
  let cursor: string | undefined;
  for (let found = false; !found; ) {
    const inbox = await api.GET("/api/agencies/{id}/inbox", { params: { path: { id: "malang-dishub" }, query: { take: 50, cursor } }, headers: officer });
    const page = inbox.data ?? fail("inbox", inbox.error, inbox.response.status);
    found = page.items.some((i) => i.complaintId === code);
    if (!found && !page.nextCursor) throw new Error("not in the unit's inbox");
    cursor = page.nextCursor ?? undefined;
  }

  const followed = await api.POST("/api/complaints/{code}/follow-ups", { params: { path }, headers: officer, body: { message: "Petugas sudah dikirim." } });
  const current = followed.data ?? fail("follow-up", followed.error, followed.response.status);

  const stale = await api.POST("/api/complaints/{code}/resolution", {
    params: { path, header: { "If-Match": ifMatch(afterRoute) } },
    headers: officer,
    body: { message: "Lampu sudah diperbaiki." },
  });
  if (stale.response.status !== 412) throw new Error(`a stale If-Match must be 412, got ${stale.response.status}`);

  const resolved = await api.POST("/api/complaints/{code}/resolution", {
    params: { path, header: { "If-Match": ifMatch(current) } },
    headers: officer,
    body: { message: "Lampu sudah diperbaiki." },
  });
  resolved.data ?? fail("resolution", resolved.error, resolved.response.status);

  const reporter = { "X-Tracking-Secret": secret };
  const own = await api.GET("/api/reporter/complaints/{code}", { params: { path }, headers: reporter });
  const mine = own.data ?? fail("reporter view", own.error, own.response.status);
  const confirmed = await api.POST("/api/reporter/complaints/{code}/confirmation", {
    params: { path, header: { "If-Match": ifMatch(mine) } },
    headers: reporter,
    body: { rating: 5, comment: "Terima kasih." },
  });
  const closed = confirmed.data ?? fail("confirmation", confirmed.error, confirmed.response.status);

  const published = await api.GET("/api/public/complaints/{code}", { params: { path } });
  published.data ?? fail("public read", published.error, published.response.status);

  const figures = await api.GET("/api/monev/agencies/{id}", { params: { path: { id: "malang-dishub" }, query: { period: "month" } }, headers: admin });
  const total: number = (figures.data ?? fail("monev", figures.error, figures.response.status)).total.received;
  if (total < 1) throw new Error("monev did not count the complaint");
  return closed;
}

const closed = await life();
console.log(`${closed.id} ${closed.status}`);
