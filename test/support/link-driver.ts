/**
 * Plaid Link as a user clicks through it, over the sandbox's Link session endpoints (the ones the
 * Link front end calls): pick the bank, log in, choose accounts. Returns what Link's onSuccess gets.
 */
export interface LinkSuccess {
  publicToken: string;
  institution: { institution_id: string; name: string };
  accounts: { id: string; name: string; mask: string; subtype: string }[];
}

interface View {
  link_session_id: string;
  view: string;
  accounts: { id: string; name: string; mask: string; subtype: string; selected: boolean }[] | null;
  success: {
    public_token: string;
    metadata: { institution: LinkSuccess['institution']; accounts: LinkSuccess['accounts'] };
  } | null;
}

export async function completeLink(
  sandboxUrl: string,
  linkToken: string,
  options: {
    institutionId?: string;
    /** Sandbox credentials; default user_good / pass_good. */
    username?: string;
    password?: string;
    /** The accounts the user ticks, from those the account select offers; default: the first. */
    pick?: (offered: NonNullable<View['accounts']>) => string[];
  } = {},
): Promise<LinkSuccess> {
  const post = async (path: string, body: object): Promise<View> => {
    const response = await fetch(`${sandboxUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
    return JSON.parse(text) as View;
  };
  let view = await post('/link/session/start', { link_token: linkToken });
  const session = { link_token: linkToken, link_session_id: view.link_session_id };
  if (view.view === 'SELECT_INSTITUTION')
    view = await post('/link/session/institution', {
      ...session,
      institution_id: options.institutionId ?? 'ins_109508',
    });
  if (view.view === 'CREDENTIAL')
    view = await post('/link/session/credentials', {
      ...session,
      username: options.username ?? 'user_good',
      password: options.password ?? 'pass_good',
    });
  if (view.view === 'SELECT_ACCOUNT') {
    const offered = view.accounts ?? [];
    const pick = options.pick ?? ((accounts) => accounts.slice(0, 1).map((a) => a.id));
    view = await post('/link/session/accounts', { ...session, account_ids: pick(offered) });
  }
  if (view.view !== 'CONNECTED' || !view.success) throw new Error(`Link ended on ${view.view}`);
  return {
    publicToken: view.success.public_token,
    institution: view.success.metadata.institution,
    accounts: view.success.metadata.accounts,
  };
}
