import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import type { HomePage } from '../services/home.service.js';
import { toHomePageView, type HomePageView } from './home.view.js';

/** The front page reads SQLite only, so it works while the search engine is down. */
export function homeRouter(deps: AppDeps): Router {
  const router = Router();
  // The service hands out the same page until something is written: its view is built once per page.
  let built: { page: HomePage; view: HomePageView } | null = null;
  router.get('/', function showHomePage(_req, res) {
    const page = deps.home.homePage();
    const current = built?.page === page ? built : { page, view: toHomePageView(page) };
    built = current;
    res.render('pages/home', current.view);
  });
  return router;
}
