/**
 * The broker could not be reached or did not answer in time: the caller may try again later. Every
 * client error is the broker's answer or its silence, so the messaging port reports each as this.
 */
export function isBrokerUnreachable(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name.startsWith('KafkaJS');
}
