import express, { NextFunction, Request, Response } from 'express';
import { DEFAULT_BRANCH } from '../demo';
import { GitRepository } from '../git/GitRepository';
import { PullRequestService } from '../github/PullRequestService';
import { GitHubLinks } from '../github/payloads';
import { HttpError } from '../util/HttpError';
import { SandboxKnobs } from '../admin/SandboxKnobs';
import { diffHtml, esc, page, pill } from './html';

/** What the web pages need. */
export interface WebRouterDeps {
  repo: GitRepository;
  pulls: PullRequestService;
  links: GitHubLinks;
  knobs: SandboxKnobs;
  /** Called after a merge from the web page, so Argo CD notices at once. */
  afterMerge(): Promise<void>;
}

const DASHBOARD_SCRIPT = `
const pill = (t) => '<span class="pill ' + t + '">' + t + '</span>';
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
async function refresh() {
  try {
    const s = await (await fetch('/admin/state')).json();
    document.getElementById('head').textContent = (s.head || '').slice(0, 7);
    document.getElementById('instances').innerHTML = s.instances.map(i =>
      '<section><h2>Argo CD ' + esc(i.name) + ' <span class="muted">(' + i.environments.join(', ') + ')</span> ' +
      (i.stopped ? pill('Degraded') + ' stopped' : '') + (i.syncWindowActive ? ' ' + pill('Suspended') + ' freeze' : '') +
      (i.latencyMs ? ' <span class="muted">+' + i.latencyMs + ' ms</span>' : '') +
      ' <span class="muted">' + i.applicationCount + ' applications, ' + i.watchers + ' watchers</span></h2>' +
      '<table><tr><th>application</th><th>sync</th><th>health</th><th>stable digest</th><th>rollout</th><th>operation</th><th>auto-sync</th></tr>' +
      i.applications.map(a => '<tr><td>' + esc(a.name) + '</td><td>' + pill(a.sync) + '</td><td>' + pill(a.health) + '</td><td><code>' +
        esc((a.digest || '').slice(7, 19)) + '</code></td><td>' + esc(a.rollout || '') + '</td><td>' + (a.operation ? pill(a.operation) : '') +
        '</td><td>' + (a.automated ? 'on' + (a.selfHeal ? ' + self-heal' : '') : 'off') + '</td></tr>').join('') + '</table></section>').join('');
    document.getElementById('pulls').innerHTML = s.pulls.slice(0, 12).map(p =>
      '<tr><td><a href="' + esc(p.url) + '">#' + p.number + '</a></td><td>' + esc(p.title) + '</td><td>' +
      pill(p.merged ? 'merged' : p.state) + '</td><td><code>' + esc(p.head) + '</code></td></tr>').join('');
  } catch (e) { /* the sandbox restarts */ }
}
document.querySelectorAll('form[data-endpoint]').forEach(form => form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = {};
  for (const el of form.querySelectorAll('input,select')) {
    if (!el.name || el.value === '') continue;
    body[el.name] = el.dataset.type === 'number' ? Number(el.value) : el.dataset.type === 'bool' ? el.value === 'true' : el.value;
  }
  const endpoint = form.dataset.endpoint.replace(/\\{(\\w+)\\}/g, (_, k) => { const v = body[k]; delete body[k]; return encodeURIComponent(v); });
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  document.getElementById('knob-result').textContent = res.status + ' ' + text;
  refresh();
}));
refresh();
setInterval(refresh, 1500);
`;

function knobForm(endpoint: string, label: string, fields: string): string {
  return `<form data-endpoint="${esc(endpoint)}">${fields} <button>${esc(
    label,
  )}</button></form>`;
}

const BOOL = (name: string, yes = 'on', no = 'off') =>
  `<select name="${name}" data-type="bool"><option value="true">${yes}</option><option value="false">${no}</option></select>`;

/**
 * The sandbox's web pages: a dashboard with the applications of every instance and the knobs,
 * and GitHub-like pages for the repository (files, commits, pull requests with Merge and Close).
 */
export function webRouter(deps: WebRouterDeps): express.Router {
  const { repo, pulls, links } = deps;
  const router = express.Router();
  const base = '/acme/gitops';

  const get = (
    path: string,
    handler: (req: Request, res: Response) => Promise<void>,
  ) => {
    router.get(path, async (req, res, next) => {
      try {
        await handler(req, res);
      } catch (error) {
        next(error);
      }
    });
  };

  get('/', async (_req, res) => {
    const body = `
<h1>GitOps sandbox <span class="muted">main @ <code id="head"></code></span></h1>
<p class="muted">GitHub API <code>${esc(
      links.apiBase,
    )}</code> (repository <a href="${base}">acme/gitops</a>) ·
Argo CD <code>${esc(links.baseUrl)}/argocd/nonprod</code> and <code>${esc(
      links.baseUrl,
    )}/argocd/prod</code> ·
repository on disk <code>${esc(repo.dir)}</code></p>
<div id="instances"></div>
<section><h2>Pull requests</h2><table id="pulls"></table></section>
<section class="knobs"><h2>Knobs</h2>
${knobForm(
  '/admin/drift',
  'Drift',
  '<input name="application" placeholder="gateway-staging"> replicas <input name="replicas" data-type="number" size="3" value="5">',
)}
${knobForm(
  '/admin/self-heal',
  'Self-heal',
  `<input name="application" placeholder="ledger-staging"> ${BOOL('enabled')}`,
)}
${knobForm(
  '/admin/bad-digest',
  'Mark digest bad',
  '<input name="digest" size="75" placeholder="sha256:…">',
)}
${knobForm(
  '/admin/sync-window',
  'Sync window',
  `<input name="instance" value="prod" size="8"> ${BOOL(
    'active',
    'freeze',
    'open',
  )}`,
)}
${knobForm(
  '/admin/auto-sync',
  'Auto-sync',
  `<input name="application" placeholder="gateway-prod"> ${BOOL('enabled')}`,
)}
${knobForm(
  '/admin/sync',
  'Sync now',
  '<input name="application" placeholder="gateway-prod">',
)}
${knobForm(
  '/admin/instances/{name}/stop',
  'Stop instance',
  '<input name="name" value="prod" size="8">',
)}
${knobForm(
  '/admin/instances/{name}/start',
  'Start instance',
  '<input name="name" value="prod" size="8">',
)}
${knobForm(
  '/admin/latency',
  'Latency',
  '<input name="instance" placeholder="all" size="8"> ms <input name="ms" data-type="number" size="5" value="0">',
)}
${knobForm(
  '/admin/previews',
  'Preview',
  `<input name="service" value="web" size="8"> PR <input name="number" data-type="number" size="4" value="42"> ${BOOL(
    'open',
    'open',
    'close',
  )}`,
)}
${knobForm(
  '/admin/scale',
  'Scale',
  'instances <input name="instances" data-type="number" size="3" value="2"> apps each <input name="appsPerInstance" data-type="number" size="6" value="0">',
)}
${knobForm('/admin/reset', 'Reset everything', '')}
<pre id="knob-result" class="muted"></pre>
</section>`;
    res.send(page('Dashboard', body, DASHBOARD_SCRIPT));
  });

  get('/acme/gitops.git', async (_req, res) => {
    res.redirect(302, base);
  });

  /** Splits `<ref>/<path>` where the ref may contain slashes. */
  const refAndPath = async (
    rest: string,
  ): Promise<{ ref: string; path: string }> => {
    const first = rest.split('/')[0];
    if (/^[0-9a-f]{7,40}$/.test(first) && !(await repo.branchHead(first))) {
      return { ref: first, path: rest.slice(first.length + 1) };
    }
    const branches = (await repo.branches())
      .map(b => b.name)
      .sort((a, b) => b.length - a.length);
    const ref = branches.find(b => rest === b || rest.startsWith(`${b}/`));
    if (!ref) throw new HttpError(404, `No such branch or commit: ${first}`);
    return { ref, path: rest.slice(ref.length + 1) };
  };

  const treePage = async (ref: string, path: string) => {
    const commit = await repo.resolve(ref);
    if (!commit) throw new HttpError(404, `No such ref ${ref}`);
    const entries = await repo.listTree(commit, { path });
    const rows = entries
      .sort((a, b) => {
        if (a.type === b.type) return a.path.localeCompare(b.path);
        return a.type === 'tree' ? -1 : 1;
      })
      .map(e => {
        const name = e.path.split('/').pop();
        const kind = e.type === 'tree' ? 'tree' : 'blob';
        return `<tr><td>${
          e.type === 'tree' ? '📁' : '📄'
        } <a href="${base}/${kind}/${esc(ref)}/${esc(e.path)}">${esc(
          name,
        )}</a></td></tr>`;
      })
      .join('');
    return `<h1><a href="${base}/tree/${esc(ref)}">acme/gitops</a>${
      path ? ` / ${esc(path)}` : ''
    } <span class="muted">@ ${esc(
      ref,
    )}</span></h1><section><table>${rows}</table></section>`;
  };

  get(base, async (_req, res) => {
    const readme = await repo.readFile(DEFAULT_BRANCH, 'README.md');
    const commits = await repo.log({ ref: DEFAULT_BRANCH, maxCount: 15 });
    const branches = await repo.branches();
    const body = `${await treePage(DEFAULT_BRANCH, '')}
<section><h2>Branches</h2>${branches
      .map(
        b =>
          `<a href="${base}/tree/${esc(b.name)}"><code>${esc(
            b.name,
          )}</code></a>`,
      )
      .join(' · ')}</section>
<section><h2>Recent commits</h2><table>${commits
      .map(
        c =>
          `<tr><td><a href="${base}/commit/${c.sha}"><code>${c.sha.slice(
            0,
            7,
          )}</code></a></td><td>${esc(c.message.split('\n')[0])}</td><td>${esc(
            c.author.name,
          )}</td><td class="muted">${esc(c.author.date)}</td></tr>`,
      )
      .join('')}</table></section>
${
  readme
    ? `<section><h2>README.md</h2><pre>${esc(
        readme.content.toString('utf8'),
      )}</pre></section>`
    : ''
}`;
    res.send(page('acme/gitops', body));
  });

  get(`${base}/tree/*`, async (req, res) => {
    const { ref, path } = await refAndPath(String(req.params[0]));
    res.send(
      page(`${path || 'acme/gitops'} @ ${ref}`, await treePage(ref, path)),
    );
  });

  get(`${base}/blob/*`, async (req, res) => {
    const { ref, path } = await refAndPath(String(req.params[0]));
    const file = await repo.readFile(ref, path);
    if (!file) throw new HttpError(404, `No file ${path} at ${ref}`);
    const history = await repo.log({ ref, path, maxCount: 10 });
    res.send(
      page(
        path,
        `<h1>${esc(path)} <span class="muted">@ ${esc(ref)}</span></h1>
<section><pre>${esc(file.content.toString('utf8'))}</pre></section>
<section><h2>History</h2><table>${history
          .map(
            c =>
              `<tr><td><a href="${base}/commit/${c.sha}"><code>${c.sha.slice(
                0,
                7,
              )}</code></a></td><td>${esc(
                c.message.split('\n')[0],
              )}</td><td>${esc(c.author.name)}</td><td class="muted">${esc(
                c.author.date,
              )}</td></tr>`,
          )
          .join('')}</table></section>`,
      ),
    );
  });

  get(`${base}/raw/*`, async (req, res) => {
    const { ref, path } = await refAndPath(String(req.params[0]));
    const file = await repo.readFile(ref, path);
    if (!file) throw new HttpError(404, `No file ${path} at ${ref}`);
    res.type('text/plain').send(file.content);
  });

  get(`${base}/commits/*`, async (req, res) => {
    const ref = String(req.params[0] || DEFAULT_BRANCH);
    const sha = await repo.resolve(ref);
    if (!sha) throw new HttpError(404, `No such ref ${ref}`);
    const commits = await repo.log({ ref: sha, maxCount: 100 });
    res.send(
      page(
        `Commits of ${ref}`,
        `<h1>Commits of <code>${esc(ref)}</code></h1><section><table>${commits
          .map(
            c =>
              `<tr><td><a href="${base}/commit/${c.sha}"><code>${c.sha.slice(
                0,
                7,
              )}</code></a></td><td>${esc(c.message.split('\n')[0])}${
                c.parents.length > 1 ? ` ${pill('merge', 'merged')}` : ''
              }</td><td>${esc(c.author.name)}</td><td class="muted">${esc(
                c.author.date,
              )}</td></tr>`,
          )
          .join('')}</table></section>`,
      ),
    );
  });

  get(`${base}/commit/:sha`, async (req, res) => {
    const commit = await repo.getCommit(req.params.sha);
    if (!commit) throw new HttpError(404, `No commit ${req.params.sha}`);
    const diff = commit.parents[0]
      ? await repo.diff(commit.parents[0], commit.sha)
      : '';
    res.send(
      page(
        commit.message.split('\n')[0],
        `<h1>${esc(commit.message.split('\n')[0])}</h1>
<section><p><code>${commit.sha}</code> by ${esc(commit.author.name)} &lt;${esc(
          commit.author.email,
        )}&gt; on ${esc(commit.author.date)}
${
  commit.parents.length
    ? ` · parents ${commit.parents
        .map(
          p =>
            `<a href="${base}/commit/${p}"><code>${p.slice(0, 7)}</code></a>`,
        )
        .join(' ')}`
    : ''
}</p>
<pre>${esc(commit.message)}</pre></section><section><h2>Changes${
          commit.parents.length > 1 ? ' (against the first parent)' : ''
        }</h2>${diffHtml(diff)}</section>`,
      ),
    );
  });

  get(`${base}/pulls`, async (_req, res) => {
    const list = pulls.store.list();
    res.send(
      page(
        'Pull requests',
        `<h1>Pull requests</h1><section><table>${list
          .map(
            p =>
              `<tr><td><a href="${base}/pull/${p.number}">#${
                p.number
              }</a></td><td>${esc(p.title)}</td><td>${pill(
                p.merged ? 'merged' : p.state,
              )}</td><td><code>${esc(p.headRef)}</code> → <code>${esc(
                p.baseRef,
              )}</code></td><td class="muted">${esc(p.user)}, ${esc(
                p.createdAt,
              )}</td></tr>`,
          )
          .join('')}</table></section>`,
      ),
    );
  });

  get(`${base}/pull/:number`, async (req, res) => {
    const pull = pulls.get(Number(req.params.number));
    const head = await pulls.headSha(pull);
    const diff =
      pull.merged && pull.mergeCommitSha
        ? await repo.diff(`${pull.mergeCommitSha}^1`, pull.mergeCommitSha)
        : await repo.diff(pull.baseSha, head, true).catch(() => '');
    const payload = await pulls.payload(pull, false);
    let actions: string;
    if (pull.state === 'open') {
      const conflicts = payload.mergeable === false;
      actions = `<form class="inline" method="post" action="${base}/pull/${
        pull.number
      }/merge"><button class="primary" ${
        conflicts ? 'disabled' : ''
      }>Merge pull request</button></form>
<form class="inline" method="post" action="${base}/pull/${
        pull.number
      }/close"><button>Close</button></form>${
        conflicts ? ' <span class="pill Degraded">conflicts</span>' : ''
      }`;
    } else if (pull.merged) {
      actions = `Merged by ${esc(pull.mergedBy)} as <a href="${base}/commit/${
        pull.mergeCommitSha
      }"><code>${pull.mergeCommitSha?.slice(0, 7)}</code></a> on ${esc(
        pull.mergedAt,
      )}`;
    } else {
      actions = `Closed on ${esc(pull.closedAt)}`;
    }
    res.send(
      page(
        `#${pull.number} ${pull.title}`,
        `<h1>${esc(pull.title)} <span class="muted">#${pull.number}</span></h1>
<p>${pill(pull.merged ? 'merged' : pull.state)} <code>${esc(
          pull.headRef,
        )}</code> → <code>${esc(pull.baseRef)}</code>, opened by ${esc(
          pull.user,
        )} on ${esc(pull.createdAt)}
${pull.labels.map(l => `<span class="pill Unknown">${esc(l)}</span>`).join(' ')}
${
  pull.requestedReviewers.length
    ? ` · reviewers: ${pull.requestedReviewers.map(esc).join(', ')}`
    : ''
}</p>
<section><pre>${esc(pull.body)}</pre>${pull.comments
          .map(c => `<p><b>${esc(c.user)}</b>: ${esc(c.body)}</p>`)
          .join('')}</section>
<section>${actions}</section>
<section><h2>Files changed</h2>${diffHtml(diff)}</section>`,
      ),
    );
  });

  router.post(`${base}/pull/:number/merge`, async (req, res, next) => {
    try {
      await pulls.merge(Number(req.params.number), { user: 'rita' });
      await deps.afterMerge();
      res.redirect(303, `${base}/pull/${req.params.number}`);
    } catch (error) {
      next(error);
    }
  });

  router.post(`${base}/pull/:number/close`, async (req, res, next) => {
    try {
      await pulls.update(Number(req.params.number), { state: 'closed' });
      res.redirect(303, `${base}/pull/${req.params.number}`);
    } catch (error) {
      next(error);
    }
  });

  router.use(
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      const status = error instanceof HttpError ? error.status : 500;
      const body =
        error instanceof HttpError
          ? (error.body as { message?: string } | undefined)
          : undefined;
      res
        .status(status)
        .send(
          page(
            'Error',
            `<h1>${status}</h1><p>${esc(
              body?.message ?? (error as Error)?.message,
            )}</p>`,
          ),
        );
    },
  );
  return router;
}
