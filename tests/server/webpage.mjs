// The web page in headless Chromium: upload a photo and a painting, get the
// instant picture, start a job, move a slider (which PATCHes the job), wait
// for the picture, download it, and screenshot each step into OUT.
// Usage: node webpage.mjs URL PHOTO PAINTING OUT
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';

const [url, photo, painting, out] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: 'new',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const fail = (why) => { console.error(why); process.exitCode = 1; };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 700 });
  const patches = [];
  page.on('request', (request) => { if (request.method() === 'PATCH') patches.push(request.postData()); });
  await page.goto(url, { waitUntil: 'networkidle0' });
  // Tiny and short, as every test paints.
  await page.$eval('#size', (input) => { input.value = '48'; });
  await page.$eval('#iterations', (input) => { input.value = '80'; });
  await (await page.$('#photo')).uploadFile(photo);
  await (await page.$('#paintings')).uploadFile(painting);
  await page.click('#instant');
  await page.waitForFunction(() => document.querySelector('#picture').src.startsWith('blob:'), { timeout: 60000 });
  await page.screenshot({ path: `${out}/instant.png` });
  await page.click('#start');
  await page.waitForFunction(() => document.querySelector('#picture').src.startsWith('data:image/png'), { timeout: 60000 });
  // Moving the slider: set its value and send the input event a person's drag sends.
  await page.$eval('#style_weight', (slider) => {
    slider.value = '40';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction(() => /done|cancelled/.test(document.querySelector('#status').textContent),
                             { timeout: 90000 });
  await page.screenshot({ path: `${out}/done.png` });
  const client = await page.target().createCDPSession();
  await client.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: out });
  await page.click('#download');
  const deadline = Date.now() + 20000;
  while (!fs.readdirSync(out).some((name) => name.startsWith('brushwork-') && name.endsWith('.png'))) {
    if (Date.now() > deadline) { fail('the download did not arrive'); break; }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!patches.some((body) => body && JSON.parse(body).style_weight === 40)) fail('the slider sent no PATCH');
  console.log(JSON.stringify({ status: await page.$eval('#status', (p) => p.textContent), patches: patches.length }));
} catch (error) {
  fail(String(error));
} finally {
  await browser.close();
}
