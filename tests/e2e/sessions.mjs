// End-to-end test of RDP sessions and the entity pivot, in headless Chromium, on the OTRF
// recordings of shared/spec/sessions.md ("Real examples"):
// - the empire zip: on WORKSTATION5.THESHIRE.LOCAL one session from 2020-09-04T07:09:22.558Z with
//   no logoff (drawn open, said so), and one that began before the data and ended by
//   `logoff 4647` at 07:07:20.224Z; hovering each tells it (compared with `huntbench sessions
//   --format json` over the same zip); clicking one and then its account chip pivots the
//   workbench onto the account (its path shows the host, the other lanes and shapes dimmed);
//   one click on Back restores the page;
// - the rdp_interactive zip: one session, its start and its end unknown.
// The data holds no SecurityAlert: the lanes are there because of the sessions alone.
//
//   node tests/e2e/sessions.mjs [path/to/dist]
//
// Env: SESSIONS_SHOTS=1 also saves screenshots at 1400 and 420 px, light and dark, with a
// session hovered (tests/e2e/screenshots/sessions-*.png).
// Prints one line per check, `e2e: N passed, N failed` last, and exits non-zero on any failure.

import fs from "node:fs";
import path from "node:path";
import { checks, huntbench, launch, root, screenshots, serve } from "./harness.mjs";

const dist = path.resolve(process.argv[2] ?? path.join(root, "dist"));
const SUB = "/sessions/e2e/";
const T = 60_000;
const OTRF = path.resolve(root, "..", "shared", "realdata", "otrf");
const EMPIRE = path.join(OTRF, "empire_persistence_registry_modification_run_keys_standard_user.zip");
const RDP = path.join(OTRF, "rdp_interactive_taskmanager_lsass_dump.zip");
const HOST = "WORKSTATION5.THESHIRE.LOCAL";
const ACCOUNT = "theshire\\pgustavo";

const { check, finish } = checks();
const cliSessions = (file) => JSON.parse(huntbench("sessions", "--format", "json", file)).sessions;

const { origin, close } = await serve(dist, SUB);
const browser = await launch();
const foreign = [];

/** A page at `width` with `file` loaded, its sessions drawn. */
async function open(context, file) {
  const page = await context.newPage();
  await page.goto(origin + SUB);
  await page.waitForSelector("text=Engine worker: ready", { timeout: T });
  await page.setInputFiles("#file-input", file);
  await page.waitForSelector(".tl-session", { timeout: T });
  return page;
}

/** Hovers the session bar `selector` and returns the tooltip's lines. */
async function hover(page, selector) {
  const hit = page.locator(`${selector} .tl-session-hit`);
  const box = await hit.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 2 });
  await page.locator(".tl-tooltip").waitFor({ timeout: 5000 });
  return page.locator(".tl-tooltip .tl-tooltip-line").allTextContents();
}

async function shot(page, name) {
  if (!process.env.SESSIONS_SHOTS) return;
  fs.mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, name), fullPage: false });
}

try {
  if (!fs.existsSync(EMPIRE) || !fs.existsSync(RDP)) {
    check(`the OTRF zips are in ${OTRF}`, false);
  } else {
    // ---- the empire zip -------------------------------------------------------------------
    const expected = cliSessions(EMPIRE);
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    context.on("request", (r) => !r.url().startsWith(origin) && !/^(blob|data):/.test(r.url()) && foreign.push(r.url()));
    const page = await open(context, EMPIRE);
    const lane = `.tl-lane[data-host="${HOST}"]`;
    const sessions = await page.locator(`${lane} .tl-session`).evaluateAll((els) => els.map((e) => ({
      start: e.dataset.start, cause: e.dataset.endCause, account: e.dataset.account,
      openStart: e.classList.contains("open-start"), openEnd: e.classList.contains("open-end"), session: e.dataset.session,
    })));
    check(`${HOST} has a lane with no alert, and its 2 sessions (the CLI's ${expected.length})`,
      sessions.length === 2 && expected.length === 2 && (await page.locator(".tl-group").count()) === 0, JSON.stringify(sessions));
    const opened = sessions.find((s) => s.start === "2020-09-04T07:09:22.5580000Z");
    check("one session started at 2020-09-04T07:09:22.558Z, its end unknown: drawn open (a fading tail, no end cap)",
      opened?.openEnd === true && opened.openStart === false && opened.cause === "unknown" &&
        (await page.locator(`${lane} .tl-session[data-session="${opened.session}"] .tl-open-end`).count()) === 1 &&
        (await page.locator(`${lane} .tl-session[data-session="${opened.session}"] .tl-session-end`).count()) === 0,
      JSON.stringify(opened));
    const before = sessions.find((s) => s.openStart);
    check("one session began before the data (its start marked) and ended by logoff 4647",
      before?.cause === "logoff 4647" && before.openEnd === false && before.start === "" &&
        (await page.locator(`${lane} .tl-session[data-session="${before.session}"] .tl-start-unknown`).count()) === 1,
      JSON.stringify(before));
    check("the stretches: a connected bar and a disconnect drawn dashed when zoomed in enough, at least a connected part now",
      (await page.locator(`${lane} .tl-session[data-session="${opened.session}"] .tl-connected`).count()) >= 1);

    const cliOpen = expected.find((s) => s.Start === "2020-09-04T07:09:22.5580000Z");
    await page.evaluate(() => document.querySelector(".timeline").scrollIntoView({ block: "start" }));
    const tip = await hover(page, `${lane} .tl-session[data-session="${opened.session}"]`);
    await shot(page, "sessions-hover-1400-light.png");
    const evidenceLines = tip.filter((l) => /^[0-9]+ \S+ [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} · /.test(l));
    check("hover: account, host, address and client", tip[0] === `RDP session of ${ACCOUNT} on ${HOST}` && tip[1] === "from 1.2.3.4 (client robertos-mbp)", tip.join("\n"));
    check("hover: start, and an unknown end that names where the data of the host ends (never a time of its own)",
      tip.includes("Start: 2020-09-04T07:09:22.5580000Z") &&
        tip.some((l) => /^End: unknown: no logoff in the data; the data of this host ends at 2020-09-04T\S+Z$/.test(l)) &&
        tip.includes("Duration: unknown"),
      tip.join("\n"));
    check(`hover: the evidence with event, time and file:line (${evidenceLines.length} shown of the CLI's ${cliOpen?.Evidence.length})`,
      evidenceLines.length === Math.min(10, cliOpen?.Evidence.length ?? 0) &&
        evidenceLines.every((l, i) => l.startsWith(`${cliOpen.Evidence[i].EventID} `) && l.includes(cliOpen.Evidence[i].Time.slice(11, 23)) && l.endsWith(`.json:${cliOpen.Evidence[i].Line}`)) &&
        tip.includes(`Evidence (${cliOpen.Evidence.length}):`),
      tip.join("\n"));
    const tipBefore = await hover(page, `${lane} .tl-session[data-session="${before.session}"]`);
    check("hover the earlier one: began before the data, ended at 07:07:20.224Z by logoff 4647, its 4647 as evidence",
      tipBefore.includes("Start: unknown (began before the data)") && tipBefore.includes("End: 2020-09-04T07:07:20.2240000Z (logoff 4647)") &&
        tipBefore.some((l) => l.startsWith("4647 Security 07:07:20.224 · ")),
      tipBefore.join("\n"));
    await page.mouse.move(2, 2);
    check("leaving the chart hides the tooltip", await page.locator(".tl-tooltip").waitFor({ state: "detached", timeout: 5000 }).then(() => true, () => false));

    // ---- the pivot --------------------------------------------------------------------------
    const hitBox = await page.locator(`${lane} .tl-session[data-session="${opened.session}"] .tl-session-hit`).boundingBox();
    await page.mouse.click(hitBox.x + hitBox.width / 2, hitBox.y + hitBox.height / 2);
    await page.locator(".session-detail").waitFor({ timeout: 5000 });
    const detail = await page.locator(".session-detail").textContent();
    check(`clicking a session lists all its evidence (${cliOpen.Evidence.length})`,
      (await page.locator(".session-detail .session-evidence li").count()) === cliOpen.Evidence.length, detail.slice(0, 400));
    const dimmedBefore = await page.locator(".dimmed").count();
    await page.locator(".session-detail .entity-chip.chip-account").click();
    await page.locator(".pivot-strip").waitFor({ timeout: T });
    const strip = await page.locator(".pivot-strip").textContent();
    const hops = await page.locator(".pivot-path .hop").evaluateAll((els) => els.map((e) => e.dataset.host));
    const cliPivot = JSON.parse(huntbench("pivot", "--account", ACCOUNT, "--format", "json", EMPIRE));
    check(`clicking the account pivots: "Pivoted on the account ${ACCOUNT}", its path shows ${HOST}`,
      strip.includes(`Pivoted on the account ${ACCOUNT}`) && hops.includes(HOST) && hops[0] === cliPivot.path[0]?.To, `${strip}\n${JSON.stringify(hops)}`);
    check(`the pivot counts the CLI's logons (${cliPivot.logons.length}) and sessions (${cliPivot.sessions.length})`,
      strip.includes(`${cliPivot.logons.length} logon(s), ${cliPivot.sessions.length} session(s)`), strip);
    const pivotMarks = await page.locator(`${lane} .tl-pivot-logon`).count();
    const lanes = await page.locator(".tl-lane").evaluateAll((els) => els.map((e) => ({ host: e.dataset.host, dimmed: e.classList.contains("dimmed") })));
    check(`its logons are drawn on ${HOST} (${pivotMarks}), its sessions are not dimmed, the hosts it never reached are`,
      pivotMarks > 0 && (await page.locator(`${lane} .tl-session.dimmed`).count()) === 0 &&
        lanes.filter((l) => !l.dimmed).every((l) => cliPivot.logons.some((x) => x.Computer.toUpperCase() === l.host) || l.host === HOST) &&
        lanes.some((l) => l.host === HOST && !l.dimmed),
      JSON.stringify(lanes));
    await shot(page, "sessions-pivot-1400-light.png");
    await page.locator(".pivot-back").click();
    const gone = await page.locator(".pivot-strip").waitFor({ state: "detached", timeout: T }).then(() => true, () => false);
    await page.waitForFunction(() => document.querySelectorAll(".tl-pivot-logon").length === 0, null, { timeout: T }).catch(() => {});
    check("one click on Back restores the page: no strip, nothing dimmed, no pivot logons, the filter as it was",
      gone && (await page.locator(".dimmed").count()) === dimmedBefore && (await page.locator(".tl-pivot-logon").count()) === 0 &&
        ((await page.locator(".filter").count()) === 0 || (await page.locator(".filter").inputValue()) === ""));

    // Screenshots at 420 px and in dark, with a session hovered; and the README's picture: the
    // account pivoted, zoomed in on its session (the wheel over it), the session hovered.
    if (process.env.SESSIONS_SHOTS) {
      const ctx = await browser.newContext({ viewport: { width: 1100, height: 800 }, colorScheme: "light" });
      const p = await open(ctx, EMPIRE);
      const s = await p.locator(`${lane} .tl-session.open-end`).getAttribute("data-session");
      const hit = await p.locator(`${lane} .tl-session[data-session="${s}"] .tl-session-hit`).boundingBox();
      await p.mouse.click(hit.x + hit.width / 2, hit.y + hit.height / 2);
      await p.locator(".session-detail .entity-chip.chip-account").click();
      await p.locator(".pivot-strip").waitFor({ timeout: T });
      await p.waitForTimeout(300);
      await p.evaluate(() => document.querySelector(".timeline").scrollIntoView({ block: "start" }));
      const bar = await p.locator(`${lane} .tl-session[data-session="${s}"] .tl-session-hit`).boundingBox();
      await p.mouse.move(bar.x + 4, bar.y + bar.height / 2);
      await p.mouse.wheel(0, -500);
      await p.waitForTimeout(300);
      await hover(p, `${lane} .tl-session[data-session="${s}"]`);
      const top = await p.locator(".timeline").boundingBox();
      await p.screenshot({ path: path.join(screenshots, "sessions-doc.png"), clip: { x: 0, y: top.y - 8, width: 1100, height: 560 } });
      await ctx.close();

      for (const [width, scheme] of [[1400, "dark"], [420, "light"], [420, "dark"]]) {
        const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
        const p = await open(ctx, EMPIRE);
        const s = await p.locator(`${lane} .tl-session.open-end`).getAttribute("data-session");
        await p.evaluate(() => document.querySelector(".timeline").scrollIntoView({ block: "start" }));
        await hover(p, `${lane} .tl-session[data-session="${s}"]`);
        await shot(p, `sessions-hover-${width}-${scheme}.png`);
        await ctx.close();
      }
    }
    await context.close();

    // ---- the rdp_interactive zip ------------------------------------------------------------
    const rdpCli = cliSessions(RDP);
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const rdp = await open(ctx, RDP);
    const one = await rdp.locator(".tl-session").evaluateAll((els) => els.map((e) => ({ openStart: e.classList.contains("open-start"), openEnd: e.classList.contains("open-end") })));
    check(`rdp_interactive: one session (the CLI's ${rdpCli.length}), its start and its end unknown`,
      one.length === 1 && rdpCli.length === 1 && one[0].openStart && one[0].openEnd, JSON.stringify(one));
    const rdpTip = await hover(rdp, `.tl-lane[data-host="${HOST}"] .tl-session`);
    check("rdp_interactive: hover says both",
      rdpTip.includes("Start: unknown (began before the data)") && rdpTip.some((l) => l.startsWith("End: unknown: no logoff in the data; the data of this host ends at ")),
      rdpTip.join("\n"));
    await ctx.close();
  }
  check("no request left the page's origin", foreign.length === 0, foreign.join("\n"));
} catch (e) {
  check(`the run finished (${e.message})`, false, e.stack);
} finally {
  await browser.close();
  close();
  finish();
}
