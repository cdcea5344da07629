import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';

export type Agent = ReturnType<typeof request.agent>;

/** The CSRF token of the form on this page (a test fails here if the page has none). */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(token, 'the page carries a CSRF token').toBeTruthy();
  return token as string;
}

/**
 * A curator's browser session against the app: signs in through the real form, then opens
 * `formPage` and returns the agent with that page's CSRF token, as a curator about to post it.
 */
export async function signedInAgent(
  app: Express,
  options: { password: string; formPage: string; name?: string },
): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(app);
  const login = await agent.get('/admin/login').expect(200);
  await agent
    .post('/admin/login')
    .type('form')
    .send({ _csrf: csrfOf(login.text), name: options.name ?? 'maria', password: options.password })
    .expect(303);
  const csrf = csrfOf((await agent.get(options.formPage).expect(200)).text);
  return { agent, csrf };
}
