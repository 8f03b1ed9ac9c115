import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'tests/support/**/*.test.ts'],
          // One module graph for all the files of a worker: 19 s instead of 60 s here, most of it the
          // re-imports, and CPU the e2e project (which runs beside it) gets back. It holds because no unit
          // test leaves state behind: spies and fake timers are restored in the test that set them, and no
          // file mocks a module (checked with the files in shuffled order).
          isolate: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // One stack at a time: the machine has 2 cores and the tests share host-network ports.
          fileParallelism: false,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
