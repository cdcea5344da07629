import { Router, type Response } from 'express';
import type { AppDeps } from '../deps.js';
import { notFound } from '../http/http-error.js';
import { SITEMAP_KINDS, type SitemapKind } from '../services/sitemap.service.js';
import { sitemapPath, toRobotsTxt, toSitemapIndexXml, toUrlsetXml } from './sitemap.xml.js';

/** The list pages a crawler starts from; they change with the archive, so no lastmod is claimed. */
const LIST_PAGES = ['/', '/measures', '/meetings', '/speakers', '/organizations', '/topics', '/sources'];

const SITEMAP_FILE = new RegExp(`^(${SITEMAP_KINDS.join('|')})-([1-9]\\d{0,8})\\.xml$`);

/** /robots.txt, the sitemap index at /sitemap.xml and its paged sitemaps; SQLite only. */
export function crawlRouter(deps: AppDeps): Router {
  const router = Router();
  const {
    sitemaps,
    config: { baseUrl },
  } = deps;
  const sendXml = (res: Response, xml: string) => {
    res.type('application/xml').set('Cache-Control', 'public, max-age=3600').send(xml);
  };

  router.get('/robots.txt', function showRobots(_req, res) {
    res.type('text/plain').send(toRobotsTxt(baseUrl));
  });
  router.get('/sitemap.xml', function showSitemapIndex(_req, res) {
    const paths = [sitemapPath('pages'), ...sitemaps.sitemapIndex().map(({ kind, page }) => sitemapPath(kind, page))];
    sendXml(res, toSitemapIndexXml(paths, baseUrl));
  });
  router.get('/sitemaps/pages.xml', function showPagesSitemap(_req, res) {
    sendXml(
      res,
      toUrlsetXml(
        LIST_PAGES.map((path) => ({ path, lastmod: null })),
        baseUrl,
      ),
    );
  });
  router.get('/sitemaps/:file', function showSitemap(req, res) {
    const match = SITEMAP_FILE.exec(String(req.params.file));
    const urls = match ? sitemaps.sitemapPage(match[1] as SitemapKind, Number(match[2])) : undefined;
    if (!urls) throw notFound('sitemap');
    sendXml(res, toUrlsetXml(urls, baseUrl));
  });
  return router;
}
