import { createHmac } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { OrgState } from '../org-state.ts';

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

/**
 * POST /services/oauth2/token: the refresh_token and client_credentials grants. Errors use the
 * OAuth shape {error, error_description}, not the REST array.
 */
export function authRoutes(state: OrgState, baseUrl: () => string): Router {
  const router = express.Router();
  router.post('/token', express.urlencoded({ extended: false }), (req: Request, res: Response) => {
    const endpoint = 'oauth.token';
    state.stats.recordRequest(endpoint);
    res.on('finish', () => state.stats.recordStatus(endpoint, res.statusCode));
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const { app } = state.sessions;
    if (body.client_id !== app.clientId) {
      oauthError(res, 400, 'invalid_client_id', 'client identifier invalid');
      return;
    }
    if (body.client_secret !== undefined && body.client_secret !== app.clientSecret) {
      oauthError(res, 400, 'invalid_client', 'invalid client credentials');
      return;
    }
    switch (body.grant_type) {
      case 'refresh_token':
        if (!body.refresh_token || !state.sessions.isRefreshToken(body.refresh_token)) {
          oauthError(res, 400, 'invalid_grant', 'expired access/refresh token');
          return;
        }
        break;
      case 'client_credentials':
        if (body.client_secret === undefined) {
          oauthError(res, 400, 'invalid_client', 'invalid client credentials');
          return;
        }
        break;
      default:
        oauthError(res, 400, 'unsupported_grant_type', 'grant type not supported');
        return;
    }
    state.stats.tokenRefreshes++;
    const accessToken = state.sessions.issue();
    const issuedAt = String(state.clock.now().getTime());
    const id = `${baseUrl()}/id/${state.orgId}/${state.apiUserId}`;
    res.json({
      access_token: accessToken,
      signature: createHmac('sha256', app.clientSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: 'api refresh_token',
      instance_url: baseUrl(),
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    });
  });
  /**
   * GET /services/oauth2/userinfo with the session as Bearer token: who the API user is
   * (Salesforce Help, "UserInfo Endpoint": user_id, organization_id, preferred_username, ...).
   * An unknown or expired session answers 403 Bad_OAuth_Token, as the documented endpoint does.
   */
  router.get('/userinfo', (req: Request, res: Response) => {
    const endpoint = 'oauth.userinfo';
    state.stats.recordRequest(endpoint);
    res.on('finish', () => state.stats.recordStatus(endpoint, res.statusCode));
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (!token || !state.sessions.isValid(token)) {
      res.status(403).type('text/plain').send('Bad_OAuth_Token');
      return;
    }
    const user = state.requireTable('User').get(state.apiUserId);
    res.json({
      sub: `${baseUrl()}/id/${state.orgId}/${state.apiUserId}`,
      user_id: state.apiUserId,
      organization_id: state.orgId,
      preferred_username: user?.Username ?? null,
      name: user?.Name ?? null,
      email: user?.Email ?? null,
      user_type: 'STANDARD',
    });
  });
  return router;
}
