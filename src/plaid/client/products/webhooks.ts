import type { PlaidApi, SandboxItemFireWebhookRequestWebhookCodeEnum } from 'plaid';
import { call } from '../transport.js';

export function webhookCalls(api: () => PlaidApi) {
  return {
    /** The public JWK that signs Plaid's webhooks, by key id. */
    async getWebhookVerificationKey(
      keyId: string,
    ): Promise<{ jwk: Record<string, unknown>; expiredAt: number | null }> {
      const { key } = await call(() => api().webhookVerificationKeyGet({ key_id: keyId }));
      const { expired_at, created_at: _created, ...jwk } = key;
      return { jwk, expiredAt: expired_at ?? null };
    },

    /** Sandbox only: puts the Item into ITEM_LOGIN_REQUIRED. */
    async sandboxResetLogin(accessToken: string): Promise<void> {
      await call(() => api().sandboxItemResetLogin({ access_token: accessToken }));
    },

    /** Sandbox only: makes Plaid send one of the Item's webhooks. */
    async sandboxFireWebhook(accessToken: string, webhookCode: string): Promise<void> {
      await call(() =>
        api().sandboxItemFireWebhook({
          access_token: accessToken,
          webhook_code: webhookCode as SandboxItemFireWebhookRequestWebhookCodeEnum,
        }),
      );
    },
  };
}
