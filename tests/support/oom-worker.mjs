// A stand-in for the import process (apps/api/src/imports/import-worker.ts) that runs out of
// memory as V8 reports it: the "heap out of memory" line, then a native stack trace of
// several kilobytes (Node 22's were longer than 4 kB), then an abort.
process.on('message', (message) => {
  if (message.type !== 'run') return;
  process.send({ type: 'started', importId: message.importId });
  process.stderr.write(
    '\n<--- JS stacktrace --->\n\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n----- Native stack trace -----\n\n',
  );
  const frame = (index) =>
    ` ${index}: 0x14668f8 v8::internal::HeapAllocator::AllocateRawWithLightRetrySlowPath(int, v8::internal::AllocationType, v8::internal::AllocationOrigin) [/usr/bin/node]\n`;
  process.stderr.write(Array.from({ length: 60 }, (_, index) => frame(index)).join(''), () =>
    process.exit(134),
  );
});
