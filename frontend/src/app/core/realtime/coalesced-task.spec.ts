import { CoalescedTask } from './coalesced-task';

describe('CoalescedTask', () => {
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('runs once for a burst, and once more for requests made while running', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const task = new CoalescedTask(async () => {
      runs++;
      await new Promise<void>((resolve) => (release = resolve));
    }, 5);

    task.request();
    task.request();
    task.request();
    await wait(15);
    expect(runs).toBe(1);
    task.request();
    task.request();
    release();
    await wait(15);
    expect(runs).toBe(2);
    release();
    await wait(15);
    expect(runs).toBe(2);

    task.request();
    task.cancel();
    await wait(15);
    expect(runs).toBe(2);
  });
});
