/**
 * Whether a stored name can be shown. Launches without names (Moodle's "Share launcher's name with
 * tool: Never") store no name; records written before this rule stored the LMS user id in its place,
 * which must never be shown as a name either (it identifies the person in the LMS).
 */
export function knownName(person: { readonly id: string; readonly name?: string }): string | undefined {
  const name = person.name?.trim();
  return name && name !== person.id ? name : undefined;
}
