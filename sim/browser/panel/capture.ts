/**
 * Screenshots and recordings of the head unit, for bug reports: the browser captures this tab
 * (the tester picks it, or Chromium's "this tab" prompt), and only the head unit's frame is
 * kept, by Region Capture where the browser crops for us and by drawing into a canvas where it
 * does not. What is captured is the real UI as the tester sees it, at the panel's scale.
 */

/** Region Capture (Chromium): not yet in TypeScript's DOM library. */
interface CropTargetApi {
  fromElement(element: Element): Promise<unknown>;
}
type CroppableTrack = MediaStreamTrack & { cropTo?: (target: unknown) => Promise<void> };

export interface HeadUnitCapture {
  /** A video of only the head unit. */
  readonly stream: MediaStream;
  /** Whether the browser cropped (else a canvas does). */
  readonly cropped: boolean;
  stop(): void;
}

const FRAMES_PER_SECOND = 30;

/** Waits until a video element has a frame to draw. */
async function playing(video: HTMLVideoElement): Promise<void> {
  video.muted = true;
  await video.play();
  if (video.videoWidth > 0) return;
  await new Promise<void>((resolve) => video.addEventListener('resize', () => resolve(), { once: true }));
}

/** Starts capturing the tab and narrows it to `area` (the element around the head unit). */
export async function captureHeadUnit(area: HTMLElement): Promise<HeadUnitCapture> {
  const tab = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: FRAMES_PER_SECOND }, audio: false, preferCurrentTab: true, selfBrowserSurface: 'include' } as DisplayMediaStreamOptions);
  const track = tab.getVideoTracks()[0] as CroppableTrack | undefined;
  if (!track) throw new Error('the browser gave no video to capture');
  const cropTarget = (globalThis as { CropTarget?: CropTargetApi }).CropTarget;
  if (cropTarget && typeof track.cropTo === 'function') {
    try {
      await track.cropTo(await cropTarget.fromElement(area));
      return { stream: tab, cropped: true, stop: () => tab.getTracks().forEach((each) => each.stop()) };
    } catch {
      // Not a capture of this tab (another tab, a window, a test's fake device): crop by hand.
    }
  }
  // Crop by drawing: the area's place in the page, in the captured video's pixels.
  const video = document.createElement('video');
  video.srcObject = tab;
  await playing(video);
  const box = area.getBoundingClientRect();
  const scale = video.videoWidth / window.innerWidth;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(box.width * scale);
  canvas.height = Math.round(box.height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas to crop the capture');
  const draw = (): void => context.drawImage(video, box.left * scale, box.top * scale, canvas.width, canvas.height, 0, 0, canvas.width, canvas.height);
  draw();
  const timer = setInterval(draw, 1000 / FRAMES_PER_SECOND);
  const stream = canvas.captureStream(FRAMES_PER_SECOND);
  return {
    stream,
    cropped: false,
    stop() {
      clearInterval(timer);
      video.srcObject = null;
      tab.getTracks().forEach((each) => each.stop());
      stream.getTracks().forEach((each) => each.stop());
    },
  };
}

/** Hands a file to the browser's downloads. */
export function download(blob: Blob, name: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** `glovebox-2026-11-22T08-10-49.png`: sortable, and safe on every file system. */
export function captureName(extension: string, now = new Date()): string {
  return `glovebox-${now.toISOString().slice(0, 19).replaceAll(':', '-')}.${extension}`;
}

/** One PNG of the head unit as it is now. */
export async function screenshot(area: HTMLElement): Promise<Blob> {
  const capture = await captureHeadUnit(area);
  try {
    const video = document.createElement('video');
    video.srcObject = capture.stream;
    await playing(video);
    // A frame or two for the crop to take effect.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')?.drawImage(video, 0, 0);
    video.srcObject = null;
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the screenshot could not be encoded'))), 'image/png'));
  } finally {
    capture.stop();
  }
}

/** A recording in progress; `stop` gives the WebM. */
export interface Recording {
  readonly cropped: boolean;
  stop(): Promise<Blob>;
}

export async function record(area: HTMLElement): Promise<Recording> {
  const capture = await captureHeadUnit(area);
  const type = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((candidate) => MediaRecorder.isTypeSupported(candidate));
  if (!type) {
    capture.stop();
    throw new Error('this browser cannot record WebM');
  }
  const recorder = new MediaRecorder(capture.stream, { mimeType: type });
  const chunks: Blob[] = [];
  recorder.addEventListener('dataavailable', (event) => chunks.push(event.data));
  recorder.start(1000);
  return {
    cropped: capture.cropped,
    stop: () =>
      new Promise<Blob>((resolve) => {
        recorder.addEventListener('stop', () => {
          capture.stop();
          resolve(new Blob(chunks, { type: 'video/webm' }));
        });
        recorder.stop();
      }),
  };
}
