// End-to-end test of the browser app in Debian's headless Chromium, through the ingress-like
// nginx in front of a real offreapi: recruiters, candidates, real PDFs, the dashboard's chart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.E2E_BASE_URL;
const fixtures = process.env.E2E_FIXTURES;
const shots = process.env.E2E_SCREENSHOTS;
assert.ok(base && fixtures && shots, 'E2E_BASE_URL, E2E_FIXTURES and E2E_SCREENSHOTS must be set');
mkdirSync(shots, { recursive: true });

// Chromium on a closed network: no background connections, no sandbox (tests run as root).
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const run = Date.now().toString(36);
const password = 'correct horse battery staple';
const offerTitle = `Développeuse backend Rust ${run}`;
const uncaught = [];
let browser;
let offerId;
const pages = {};

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
});

after(async () => {
  await browser?.close();
});

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'fr-FR' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => uncaught.push(error.message));
  return page;
}

async function shoot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function signUp(page, { name, email, role }) {
  await page.locator(`#role-${role}`).check();
  await page.locator('#full-name').fill(name);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
}

test('a recruiter signs up and publishes an offer with skills and a question', async () => {
  const page = (pages.recruiter = await newPage());
  await page.goto(`${base}/signup`);
  await signUp(page, { name: 'Rita Recruteuse', email: `rita-${run}@example.com`, role: 'recruiter' });
  await page.waitForURL(`${base}/recruiter/offers`);
  await page.getByRole('link', { name: 'Publier une offre' }).first().click();
  await page.waitForURL(`${base}/recruiter/offers/new`);

  await page.locator('#offer-title').fill(offerTitle);
  await page.locator('#offer-location').fill('Lyon');
  await page.locator('#offer-description').fill(
    'API web en Rust (actix-web) et PostgreSQL, conteneurisées avec Docker et déployées sur Kubernetes.',
  );
  const skills = ['Rust', 'PostgreSQL', 'Kubernetes', 'Docker'];
  for (const [i, skill] of skills.entries()) {
    await page.getByRole('button', { name: '+ Ajouter une compétence' }).click();
    // The new input takes the focus, so the keyboard can go on typing.
    await assert.doesNotReject(page.locator(`#skill-${i}:focus`).waitFor());
    await page.locator(`#skill-${i}`).fill(skill);
  }
  await page.getByRole('button', { name: '+ Ajouter une question' }).click();
  await page.locator('#question-0').fill('Quand pouvez-vous commencer ?');
  await shoot(page, 'offer-form');
  await page.getByRole('button', { name: 'Publier' }).click();

  await page.waitForURL(`${base}/recruiter/offers`);
  await page.getByText('Offre enregistrée.').waitFor();
  const row = page.locator('tr.offer-row', { hasText: offerTitle });
  const href = await row.getByRole('link', { name: 'Tableau de bord' }).getAttribute('href');
  offerId = Number(href.match(/\/recruiter\/offers\/(\d+)\/dashboard/)[1]);
  assert.ok(offerId > 0, `dashboard link ${href}`);
});

test('anyone finds the offer by searching, and opens it from its deep link', async () => {
  const page = (pages.visitor = await newPage());
  await page.goto(`${base}/?q=${encodeURIComponent('développeuse RUST')}`);
  await page.getByRole('heading', { name: "Offres d'emploi" }).waitFor();
  const card = page.locator('.offer-card', { hasText: offerTitle });
  await card.waitFor();
  await assert.doesNotReject(card.getByText('Kubernetes').waitFor());
  await shoot(page, 'offers');

  await page.goto(`${base}/?q=comptabilite-${run}`);
  await page.getByText('Aucune offre ne correspond à ces critères.').waitFor();

  await page.goto(`${base}/offers/${offerId}`);
  await page.getByRole('heading', { level: 1, name: offerTitle }).waitFor();
  await page.getByText('Quand pouvez-vous commencer ?').waitFor();
  await page.getByRole('link', { name: 'Connectez-vous en tant que candidat pour postuler.' }).waitFor();
  await shoot(page, 'offer');
});

const candidates = [
  { key: 'alice', name: 'Alice Martin', pdf: 'cv_en_rust_backend.pdf' },
  { key: 'bob', name: 'Bob Durand', pdf: 'cv_fr_comptable.pdf' },
];

for (const candidate of candidates) {
  test(`${candidate.name} signs up from the apply link and applies with ${candidate.pdf}`, async () => {
    const page = (pages[candidate.key] = await newPage());
    // Signed out, the apply page sends the visitor to sign in, then back.
    await page.goto(`${base}/offers/${offerId}/apply`);
    await page.waitForURL(/\/signin\?next=/);
    await page.getByText('Connectez-vous pour accéder à cette page.').waitFor();
    await page.getByRole('link', { name: 'Créer un compte' }).last().click();
    await page.waitForURL(/\/signup\?next=/);
    await signUp(page, { name: candidate.name, email: `${candidate.key}-${run}@example.com`, role: 'candidate' });
    await page.waitForURL(`${base}/offers/${offerId}/apply`);

    if (candidate.key === 'bob') {
      // Checked in the browser before any upload.
      await page.locator('#cv').setInputFiles({ name: 'cv.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
      await page.getByText("Ce fichier n'est pas un PDF.").waitFor();
      // A PDF without text is refused by the API, whose message is shown as it is.
      await page.locator('#cv').setInputFiles(join(fixtures, 'image_only.pdf'));
      await page.locator('#answer-0').fill('Dans un mois.');
      await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
      const alert = page.getByRole('alert').filter({ hasText: 'OCR' });
      await alert.waitFor();
      await shoot(page, 'apply-error');
    }

    await page.locator('#cv').setInputFiles(join(fixtures, candidate.pdf));
    await page.locator('#answer-0').fill('Dès que possible.');
    await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
    const score = page.locator('.success .score');
    await score.waitFor();
    assert.match(await score.innerText(), /^\d+ %$/);
    if (candidate.key === 'alice') await shoot(page, 'apply');
  });
}

test('the recruiter sees both candidates charted in score order with their matched skills', async () => {
  const page = pages.recruiter;
  // A deep link, loaded from scratch.
  await page.goto(`${base}/recruiter/offers/${offerId}/dashboard`);
  const bars = page.locator('svg.ranking g.ranking-bar');
  await bars.nth(1).waitFor();
  assert.equal(await bars.count(), 2);
  assert.equal(await bars.nth(0).getAttribute('data-candidate'), 'Alice Martin');
  assert.equal(await bars.nth(1).getAttribute('data-candidate'), 'Bob Durand');
  const first = Number(await bars.nth(0).getAttribute('data-score-basis-points'));
  const second = Number(await bars.nth(1).getAttribute('data-score-basis-points'));
  assert.ok(first > second, `Alice ${first} should outscore Bob ${second}`);
  const widths = await bars.locator('rect').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('width'))));
  assert.ok(widths[0] > widths[1], `bar widths ${widths}`);

  const histogram = page.locator('svg.histogram g.histogram-bar');
  const counts = await histogram.evaluateAll((gs) => gs.map((g) => Number(g.dataset.count)));
  assert.equal(counts.reduce((a, b) => a + b, 0), 2);
  await page.locator('.figures').getByText('2', { exact: true }).waitFor();

  const aliceRow = page.locator('tr.ranking-row', { hasText: 'Alice Martin' });
  const matched = await aliceRow.locator('td.matched').innerText();
  for (const skill of ['Rust', 'PostgreSQL', 'Kubernetes']) assert.ok(matched.includes(skill), matched);
  await page.getByRole('button', { name: 'Exporter en CSV' }).waitFor();
  await shoot(page, 'dashboard');

  // The CV download goes through the API with the recruiter's token.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    aliceRow.getByRole('button', { name: 'Télécharger le CV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'cv-Alice-Martin.pdf');
});

test('a candidate sees their application with its score and missing skills', async () => {
  const page = pages.bob;
  await page.getByRole('link', { name: 'Mes candidatures', exact: true }).click();
  await page.waitForURL(`${base}/me/applications`);
  const row = page.locator('tr.application-row', { hasText: offerTitle });
  await row.waitFor();
  assert.match(await row.locator('td.score').innerText(), /^\d+ %$/);
  const missing = await row.locator('td.missing').innerText();
  assert.ok(missing.includes('Rust'), `missing skills: ${missing}`);
  await shoot(page, 'my-applications');
});

test('a candidate opening a recruiter page is sent away with the reason', async () => {
  const page = pages.alice;
  await page.goto(`${base}/recruiter/offers/${offerId}/dashboard`);
  await page.waitForURL(`${base}/`);
  await page.getByText('Cette page est réservée aux recruteurs.').waitFor();
});

test('a session the API refuses sends the user back to sign in with a message', async () => {
  const page = pages.alice;
  await page.evaluate(() => {
    const session = JSON.parse(localStorage.getItem('offreapi.session'));
    session.token = `${session.token.split('.').slice(0, 2).join('.')}.forged-signature`;
    localStorage.setItem('offreapi.session', JSON.stringify(session));
  });
  await page.goto(`${base}/me/applications`);
  await page.waitForURL(`${base}/signin?next=%2Fme%2Fapplications`);
  await page.getByText('Votre session a expiré : reconnectez-vous.').waitFor();
  await shoot(page, 'sign-in');
});

test('the language switch turns the interface to English and is remembered', async () => {
  const page = pages.visitor;
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Job offers' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.reload();
  await page.getByRole('heading', { name: 'Job offers' }).waitFor();
});

test('on a phone the offers list fits the screen and the keyboard reaches the skip link', async () => {
  const page = await newPage({ width: 390, height: 844 });
  await page.goto(`${base}/`);
  await page.locator('.offer-card').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await shoot(page, 'offers-phone');
});

test('unknown addresses show a not-found page, and nothing threw in any page', async () => {
  const page = pages.visitor;
  await page.goto(`${base}/no/such/page`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.deepEqual(uncaught, []);
});
