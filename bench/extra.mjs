export async function extra(ctx) {
  const s = await ctx.serveDist();
  const page = await ctx.browser.newPage();
  await page.goto(s.url);
  const h1 = await page.textContent("h1");
  await page.close(); await s.close();
  ctx.log("extra: h1 =", h1);
  return `dummy extra: h1 is ${h1}`;
}
