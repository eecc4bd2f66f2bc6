/**
 * The tool asks the LMS to size its iframe to the page (lti.frameResize), and the demo course honours
 * it as Canvas does: the panel shows whole, with no scrollbar inside the frame, at phone and desktop
 * widths, and follows the content when it grows.
 */
import type { Frame, Page } from 'playwright-core';
import { useDemoInChromium } from '../support/chromium';

const demo = useDemoInChromium();

async function launchedCourse(width: number): Promise<{ course: Page; frame: Frame }> {
  const course = await demo.newPage(width);
  await course.goto(`${demo.baseUrl}/demo`);
  await course.getByRole('button', { name: 'Launch as instructor' }).click();
  await course.frameLocator('iframe[name="tool"]').getByRole('heading', { level: 1 }).waitFor();
  const frame = course.frames().find((f) => f.name() === 'tool')!;
  return { course, frame };
}

async function frameFitsContent(course: Page, frame: Frame): Promise<{ frameHeight: number; contentHeight: number; scrolls: boolean }> {
  await course.waitForFunction(() => {
    const iframe = document.querySelector<HTMLIFrameElement>('iframe[name="tool"]');
    return Boolean(iframe && iframe.style.height);
  });
  const frameHeight = await course.evaluate(() => document.querySelector<HTMLIFrameElement>('iframe[name="tool"]')!.getBoundingClientRect().height);
  const inside = await frame.evaluate(() => ({
    contentHeight: document.body.getBoundingClientRect().height,
    scrolls: document.documentElement.scrollHeight > window.innerHeight + 1,
  }));
  return { frameHeight, ...inside };
}

describe('the iframe sizes itself', () => {
  it.each([320, 1024])('at %i px the frame grows to the whole panel, with no scrolling inside it', async (width) => {
    const { course, frame } = await launchedCourse(width);
    await course.waitForTimeout(300);
    const fit = await frameFitsContent(course, frame);
    expect(fit.scrolls).toBe(false);
    // The frame's border adds a few pixels; the height asked for is the content's.
    expect(Math.abs(fit.frameHeight - fit.contentHeight)).toBeLessThan(8);
    await course.close();
  });

  it('when the content grows inside the frame, then the frame follows', async () => {
    const { course, frame } = await launchedCourse(1024);
    const before = await frameFitsContent(course, frame);
    await frame.evaluate(() => {
      const filler = document.createElement('div');
      filler.style.height = '700px';
      document.querySelector('main')!.appendChild(filler);
    });
    await course.waitForFunction(
      (previous) => document.querySelector<HTMLIFrameElement>('iframe[name="tool"]')!.getBoundingClientRect().height > previous + 600,
      before.frameHeight,
    );
    const after = await frameFitsContent(course, frame);
    expect(after.scrolls).toBe(false);
    await course.close();
  });
});
