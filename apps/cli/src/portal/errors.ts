/** The portal needs the repository's plugins/ workspace, which an installed CLI alone does not carry. */
export class PortalUnavailableError extends Error {
  override readonly name = 'PortalUnavailableError';
  constructor(detail: string) {
    super(`datamaster portal runs from a clone of the Datamaster repository (it starts the Backstage workspace in plugins/): ${detail}. Run it as npx datamaster portal inside the clone.`);
  }
}

/** The Backstage backend did not come up; the message carries the end of its log. */
export class PortalStartError extends Error {
  override readonly name = 'PortalStartError';
}
