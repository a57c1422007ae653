export async function readCsvFromS3(bucket: string, key: string): Promise<Array<{ id: string; email: string; importedAt: string }>> {
  return [{ id: `${bucket}/${key}`, email: "", importedAt: "" }];
}
