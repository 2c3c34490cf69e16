// The lines a demo prints once it listens: where it is, and curl commands that show an allowed,
// a denied and a concealed request for alice, bob and eve.

/** The start-up text for a demo listening on `url`. */
export function demoBanner(
  url: string,
  options: { readonly demoMode: boolean; readonly framework: string },
): string {
  const lines = [
    `fgakit ${options.framework} demo listening on ${url}${options.demoMode ? ' (demo mode)' : ''}`,
  ];
  if (!options.demoMode) return lines.join('\n');
  const token = (email: string) =>
    `$(curl -s -X POST ${url}/dev/token -H 'content-type: application/json' -d '{"email":"${email}"}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`;
  lines.push(
    '',
    'Get tokens (dev only; the JWKS is at /.well-known/jwks.json):',
    `  ALICE=${token('alice@acme.test')}`,
    `  BOB=${token('bob@acme.test')}`,
    `  EVE=${token('eve@globex.test')}`,
    '',
    'Then try:',
    `  curl -i -X POST ${url}/apps/frontend/deploy -H "authorization: Bearer $ALICE"    # 202: workspace-admin on engineering covers its apps`,
    `  curl -i ${url}/workspaces/engineering/projects -H "authorization: Bearer $BOB"   # 200: only the projects bob may view (web)`,
    `  curl -i ${url}/projects/web/permissions -H "authorization: Bearer $BOB"          # 200: bob's effective permissions on web`,
    `  curl -i -X DELETE ${url}/projects/web -H "authorization: Bearer $BOB"            # 403: bob sees web but may not delete it`,
    `  curl -i ${url}/projects/api -H "authorization: Bearer $BOB"                      # 404: bob may not see api (concealed)`,
    `  curl -i ${url}/documents/doc-1 -H "authorization: Bearer $BOB"                   # 200: document:view on doc-1's project, web`,
    `  curl -i ${url}/workspaces/engineering -H "authorization: Bearer $EVE"            # 404: another organization's workspace`,
    `  curl -i ${url}/projects/web                                                     # 401: no token`,
  );
  return lines.join('\n');
}
