// What moto 5.2's CloudFormation needs changed in a template that AWS takes as it is. Kept to the minimum, each with
// the moto behaviour it works around, and applied only when deploying to moto.

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

/**
 * moto's AWS::KMS::Key handler hands the template's Tags ({Key, Value}) to its KMS tagger, which reads
 * {TagKey, Value}, and the key is not created (every Fn::GetAtt on it then fails the stack). Renamed for it.
 */
function kmsKeyTags(template: Template): void {
  for (const resource of Object.values(template.Resources ?? {})) {
    const tags = resource.Properties?.['Tags'];
    if (resource.Type !== 'AWS::KMS::Key' || !Array.isArray(tags)) continue;
    (resource.Properties as Record<string, unknown>)['Tags'] = (tags as { Key: string; Value: unknown }[]).map((tag) => ({ TagKey: tag.Key, TagValue: tag.Value }));
  }
}

/** The template as moto can create it. */
export function motoTemplate(templateBody: string): string {
  const template = JSON.parse(templateBody) as Template;
  kmsKeyTags(template);
  return JSON.stringify(template);
}
