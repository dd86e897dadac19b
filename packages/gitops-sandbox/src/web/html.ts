/** Escapes text for HTML. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:1200px;margin:0 auto;padding:16px 24px}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:16px 0;padding:12px 16px}
h1{font-size:20px}h2{font-size:16px;margin:4px 0 10px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eaeef2;padding:4px 8px;text-align:left;vertical-align:top}
code,pre{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}pre{background:#f6f8fa;padding:8px;overflow:auto}
.add{background:#dafbe1}.del{background:#ffebe9}.hunk{color:#6639ba}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
.Synced,.Healthy,.open,.Succeeded{background:#dafbe1;color:#116329}.OutOfSync,.Suspended{background:#fff8c5;color:#7d4e00}
.Degraded,.Missing,.Failed,.closed{background:#ffebe9;color:#a40e26}.Progressing,.Running,.merged{background:#ddf4ff;color:#0550ae}
.Unknown{background:#eaeef2}
form.inline{display:inline}button{cursor:pointer;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;padding:3px 10px}
button.primary{background:#1f883d;color:#fff;border-color:#1f883d}
input,select{padding:3px 6px;border:1px solid #d0d7de;border-radius:6px}
.knobs form{margin:6px 0}.muted{color:#656d76}
`;

/** A page of the sandbox's web UI. */
export function page(title: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(
    title,
  )} · GitOps sandbox</title>
<style>${STYLE}</style></head>
<body><header><a href="/">GitOps sandbox</a><a href="/acme/gitops">acme/gitops</a><a href="/acme/gitops/pulls">Pull requests</a><a href="/acme/gitops/commits/main">Commits</a></header>
<main>${body}</main>${
    script ? `<script>${script}</script>` : ''
  }</body></html>`;
}

function diffLineClass(line: string): string {
  if (line.startsWith('+++') || line.startsWith('---')) return '';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  if (line.startsWith('@@')) return 'hunk';
  return '';
}

/** A unified diff with added, removed and hunk lines coloured. */
export function diffHtml(diff: string): string {
  if (!diff.trim()) return '<p class="muted">No changes.</p>';
  return `<pre>${diff
    .split('\n')
    .map(line => {
      const cls = diffLineClass(line);
      return cls ? `<span class="${cls}">${esc(line)}</span>` : esc(line);
    })
    .join('\n')}</pre>`;
}

/** A status pill. */
export function pill(text: string, cls = text): string {
  return `<span class="pill ${esc(cls)}">${esc(text)}</span>`;
}
