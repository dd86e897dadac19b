import { test, expect } from '@playwright/test';

test('the portal signs in a guest and lists the demo services', async ({
  page,
}) => {
  await page.goto('/');

  const enterButton = page.getByRole('button', { name: 'Enter' });
  await expect(enterButton).toBeVisible();
  await enterButton.click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'gateway' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'ledger' })).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-results/screenshots/catalog.png',
    fullPage: true,
  });
});
