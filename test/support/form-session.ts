import { Parser } from 'htmlparser2';

/**
 * A curator's browser, as far as forms go: a cookie jar, sign-in, and a form's fields read from
 * the page the way a browser submits them (inputs, checked boxes, selected options, textareas).
 * For tests against a real app process over HTTP.
 */

export type FormFields = Record<string, string | string[]>;

/** The fields of the form with this id, as a browser would submit them unchanged. */
export function readForm(html: string, formId: string): FormFields {
  const fields: FormFields = {};
  const add = (name: string, value: string) => {
    const existing = fields[name];
    if (existing === undefined) fields[name] = value;
    else fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  };
  let inForm = false;
  let select: { name: string; value: string | null; first: string | null } | null = null;
  let option: { value: string | null; selected: boolean; text: string } | null = null;
  let textarea: { name: string; text: string } | null = null;
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        if (tag === 'form') inForm = attrs.id === formId;
        if (!inForm) return;
        if (tag === 'input' && attrs.name) {
          const type = (attrs.type ?? 'text').toLowerCase();
          if ((type === 'checkbox' || type === 'radio') && attrs.checked === undefined) return;
          if (type === 'submit' || type === 'button') return;
          add(attrs.name, attrs.value ?? (type === 'checkbox' ? 'on' : ''));
        } else if (tag === 'textarea' && attrs.name) {
          textarea = { name: attrs.name, text: '' };
        } else if (tag === 'select' && attrs.name) {
          select = { name: attrs.name, value: null, first: null };
        } else if (tag === 'option' && select) {
          option = { value: attrs.value ?? null, selected: attrs.selected !== undefined, text: '' };
        }
      },
      ontext(text) {
        if (textarea) textarea.text += text;
        if (option) option.text += text;
      },
      onclosetag(tag) {
        if (tag === 'form') inForm = false;
        if (tag === 'textarea' && textarea) {
          // A browser drops one newline right after <textarea>.
          add(textarea.name, textarea.text.replace(/^\r?\n/, ''));
          textarea = null;
        }
        if (tag === 'option' && option && select) {
          const value = option.value ?? option.text;
          select.first ??= value;
          if (option.selected) select.value = value;
          option = null;
        }
        if (tag === 'select' && select) {
          add(select.name, select.value ?? select.first ?? '');
          select = null;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return fields;
}

export class FormSession {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly base: string) {}

  private remember(res: Response): void {
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair && eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const send = () =>
      fetch(this.base + path, { headers: { Cookie: this.cookieHeader(), Accept: 'text/html' }, redirect: 'manual' });
    // A kept-alive socket the server closed while idle fails the next request unsent: a GET is sent again.
    const res = await send().catch((error: unknown) => {
      if ((error as { cause?: { code?: string } }).cause?.code === 'UND_ERR_SOCKET') return send();
      throw error;
    });
    this.remember(res);
    return { status: res.status, html: await res.text(), location: res.headers.get('location') };
  }

  async post(
    path: string,
    fields: FormFields,
  ): Promise<{ status: number; html: string; location: string | null; retryAfter: string | null }> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    }
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { Cookie: this.cookieHeader(), Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    this.remember(res);
    return {
      status: res.status,
      html: await res.text(),
      location: res.headers.get('location'),
      retryAfter: res.headers.get('retry-after'),
    };
  }

  /** Signs in through the real sign-in form; throws unless the app accepted it. */
  async signIn(name: string, password: string): Promise<void> {
    const page = await this.get('/admin/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1];
    if (!csrf) throw new Error('the sign-in page has no CSRF token');
    const res = await this.post('/admin/login', { _csrf: csrf, name, password });
    if (res.status !== 303) throw new Error(`sign-in as ${name} answered ${res.status}`);
  }
}
