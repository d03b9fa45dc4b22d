/**
 * What the host reads of an app's view calls, as attacks first: selectors that would reach the
 * host's elements or attributes, canvas commands outside the contract (readbacks, unknown
 * properties, huge sizes, non-finite numbers), animation data with CSS the host does not play.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CANVAS_LIMITS, CanvasProblem, checkCanvasCommands, checkCanvasSize } from '../../../../../../miniapps/runtime/common/canvas.js';
import { hostSelector, SelectorError } from '../../../../../../miniapps/runtime/common/host/selectors.js';
import { animationSteps } from '../../../../../../miniapps/runtime/common/host/animation.js';
import { checkLogicMessage } from '../../../../../../miniapps/runtime/common/session/messageCheck.js';

describe('selectors', () => {
  test('WeChat’s forms are written over the host’s attributes', () => {
    assert.equal(hostSelector('#box'), '[data-wx-id="box"]');
    assert.equal(hostSelector('.a.b'), '.a.b');
    assert.equal(hostSelector('.list > .item, #x .y'), '.list > .item, [data-wx-id="x"] .y');
    assert.equal(hostSelector('.outer >>> .inner'), '.outer .inner');
  });
  test('anything else is refused with what was wrong', () => {
    for (const attack of ['[onclick]', 'div', '#a[data-x]', '.a:hover', '*', ':host', '#"x', '.a >', '> .a', 'a'.repeat(300), '.a,.b,.c,.d,.e', '#x\\"]']) {
      assert.throws(() => hostSelector(attack), SelectorError, attack);
    }
    assert.throws(() => hostSelector(42), /a selector is a string/);
  });
});

describe('the canvas contract', () => {
  test('the methods and properties the table lists pass, rebuilt from checked values; text is cut while driving', () => {
    const { commands, images } = checkCanvasCommands(
      [['=fillStyle', 'red'], ['arc', 1, 2, 3, 0, 6.28], ['fillText', 'Charging at 7 kW', 0, 10], ['drawImage', '/a.png', 0, 0], ['=shadowBlur', 9999], ['fill', null]],
      (text) => text.slice(0, 8),
    );
    assert.deepEqual(commands, [['=fillStyle', 'red'], ['arc', 1, 2, 3, 0, 6.28], ['fillText', 'Charging', 0, 10], ['drawImage', '/a.png', 0, 0], ['=shadowBlur', CANVAS_LIMITS.shadowBlur], ['fill']]);
    assert.deepEqual(images, ['/a.png']);
  });
  test('readbacks, unknown names, wrong kinds and floods are refused with the command’s index', () => {
    const refused: Array<[unknown, RegExp]> = [
      [[['getImageData', 0, 0, 1, 1]], /commands\[0\]: no canvas method "getImageData"/],
      [[['fillRect', 0, 0, 1, 1], ['toDataURL']], /commands\[1\]: no canvas method "toDataURL"/],
      [[['=canvas', {}]], /no canvas property "canvas"/],
      [[['=__proto__', 1]], /no canvas property/],
      [[['fillRect', 0, 0, Number.NaN, 1]], /expected a finite number/],
      [[['fillRect', 0, 0, 1]], /fillRect needs argument 4/],
      [[['fillRect', 0, 0, 1, 1, 1]], /takes at most 4 arguments/],
      [[['=fillStyle', { gradient: 'conic', args: [], stops: [] }]], /linear or radial/],
      [[['=font', 'x'.repeat(200)]], /at most 128/],
      [Array.from({ length: CANVAS_LIMITS.commands + 1 }, () => ['save']), /at most 20000/],
      [Array.from({ length: CANVAS_LIMITS.images + 1 }, (_, index) => ['drawImage', `/p${index}.png`, 0, 0]), /more than 32 pictures/],
      ['fillRect', /expected a list/],
    ];
    for (const [commands, problem] of refused) assert.throws(() => checkCanvasCommands(commands), (error: unknown) => error instanceof CanvasProblem && problem.test(error.message));
  });
  test('a 2d bitmap is bounded per side and in all', () => {
    assert.deepEqual(checkCanvasSize(600, 300), { width: 600, height: 300 });
    assert.throws(() => checkCanvasSize(5000, 10), /0 to 4096/);
    assert.throws(() => checkCanvasSize(4096, 4096), /at most 8388608 pixels/);
    assert.throws(() => checkCanvasSize(1.5, 10), /whole number/);
  });
  test('a call with a number that was not finite is skipped, as a browser’s canvas ignores it', () => {
    const checked = checkLogicMessage({ t: 'canvas', pageId: 1, canvasId: 'c', reserve: false, commands: [['fillRect', 0, 0, Number.NaN, 1], ['arc', 1, 1, 1, 0, Infinity], ['fillRect', 0, 0, 1, 1]] });
    assert.equal(checked.ok, true);
    const commands = checked.ok && checked.message.t === 'canvas' ? checked.message.commands : [];
    assert.deepEqual(checkCanvasCommands(commands), { commands: [['fillRect', 0, 0, 1, 1]], images: [], skipped: 2 });
    assert.equal(checkLogicMessage({ t: 'canvas', pageId: 1, canvasId: 'c', reserve: false, commands: [Array.from({ length: 13 }, () => 1)] }).ok, false);
  });

  test('the drawing message itself is checked like every other', () => {
    assert.equal(checkLogicMessage({ t: 'canvas', pageId: 1, canvasId: 'c', reserve: false, commands: [['save']] }).ok, true);
    assert.match(String((checkLogicMessage({ t: 'canvas', pageId: 1, reserve: false, commands: [] }) as { problem: string }).problem), /canvasId or by ref/);
    assert.match(String((checkLogicMessage({ t: 'canvas', pageId: 1, ref: 2, canvasId: 'c', reserve: false, commands: [] }) as { problem: string }).problem), /canvasId or by ref/);
    assert.equal(checkLogicMessage({ t: 'canvas', pageId: 1, ref: 2, reserve: true, commands: 'x' }).ok, false);
  });
});

describe('animation data', () => {
  test('createAnimation’s export becomes CSS steps', () => {
    const { steps, problems } = animationSteps({
      actions: [
        { animates: [{ type: 'translateY', args: [-20] }, { type: 'rotate', args: [45] }, { type: 'style', args: ['opacity', 0.5] }], option: { transition: { duration: 300, timingFunction: 'ease-in', delay: 50 }, transformOrigin: '0 0' } },
        { animates: [{ type: 'style', args: ['background-color', '#ff0000'] }, { type: 'translate', args: ['10%', 4] }], option: { transition: { duration: 99_999, timingFunction: 'cubic-bezier(9,9,9,9)' } } },
      ],
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(steps, [
      { style: { opacity: '0.5', transform: 'translateY(-20px) rotate(45deg)' }, durationMs: 300, delayMs: 50, easing: 'ease-in', transformOrigin: '0 0' },
      { style: { backgroundColor: '#ff0000', transform: 'translate(10%, 4px)' }, durationMs: 10_000, delayMs: 0, easing: 'linear', transformOrigin: '50% 50% 0' },
    ]);
  });
  test('CSS the host does not play is left out, with a reason', () => {
    const { steps, problems } = animationSteps({ actions: [{ animates: [{ type: 'style', args: ['background-color', 'url(https://evil/x.png)'] }, { type: 'style', args: ['position', 'fixed'] }, { type: 'translateX', args: ['calc(100vw)'] }, { type: 'rotate', args: [1, 2, 3] }], option: {} }] });
    assert.deepEqual(steps[0]?.style, {});
    assert.equal(problems.length, 4);
    assert.deepEqual(animationSteps({}).problems, []);
    assert.match(animationSteps('spin').problems[0] ?? '', /expected the value of createAnimation/);
  });
});
