import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** 180 days, subdomains included; sent only over https (see setUpSecurity). */
export const HSTS = 'max-age=15552000; includeSubDomains';

/**
 * Security headers with a strict CSP: no inline script, styles and scripts from our own origin
 * only. HSTS goes out only on a request that came over https (directly, or from a proxy that
 * TRUST_PROXY names): over plain http a browser ignores it, and a local or development server
 * must not pin its host name to https.
 */
export function setUpSecurity(): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: false,
  });
  return (req, res, next) => {
    headers(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (req.secure) res.set('Strict-Transport-Security', HSTS);
      next();
    });
  };
}
