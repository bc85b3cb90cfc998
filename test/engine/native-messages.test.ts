import { describe, expect, it } from 'vitest';
import {
  classifyNativeMessage,
  filterNativeMessages,
  splitNativeMessages,
} from '../../src/engine/webgpu/native-messages.js';

/** Verbatim stderr of Dawn 0.6.2 (webgpu npm package) and the Vulkan loader, captured on the development machine. */
const LAVAPIPE = [
  'Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.',
  'Warning: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.',
  '',
].join('\n');
const NO_LOADER = [
  "Warning: Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file: No such file or directory",
  '    at operator() (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/BackendVk.cpp:368)',
  '',
  '',
].join('\n');
const NO_DRIVER = [
  'Warning: loader_get_json: Failed to open JSON file /nonexistent.json',
  'Warning: vkCreateInstance: Found no drivers!',
  'Warning: vkCreateInstance failed with VK_ERROR_INCOMPATIBLE_DRIVER',
  '    at CheckVkSuccessImpl (/home/runner/work/node-webgpu/node-webgpu/third_party/dawn/src/dawn/native/vulkan/VulkanError.cpp:106)',
  '',
].join('\n');

describe('native messages of Dawn and the Vulkan loader', () => {
  it('splits captured text into messages with their indented continuation lines', () => {
    const messages = splitNativeMessages(NO_LOADER + LAVAPIPE);
    expect(messages.map((m) => m.known?.id)).toEqual([
      'no-vulkan-loader',
      'dynamic-buffer-limit',
      'dynamic-buffer-limit',
    ]);
    expect(messages[0].text.split('\n')).toHaveLength(2);
    expect(messages[0].text).toMatch(/BackendVk\.cpp:368\)$/);
  });

  it('drops the known messages unless verbose, and keeps the reason for a missing adapter', () => {
    const quiet = filterNativeMessages(NO_LOADER, false);
    expect(quiet.print).toBe('');
    expect(quiet.noAdapterReasons).toEqual([
      'the Vulkan loader could not be loaded: libvulkan.so.1: cannot open shared object file: No such file or directory',
    ]);
    expect(filterNativeMessages(NO_DRIVER, false)).toEqual({
      print: '',
      noAdapterReasons: ['no Vulkan driver (ICD) is installed'],
    });
    const verbose = filterNativeMessages(LAVAPIPE, true);
    expect(verbose.print).toBe(LAVAPIPE);
    expect(verbose.noAdapterReasons).toEqual([]);
  });

  it('prints anything it does not know, verbatim', () => {
    const unknown = 'Warning: something new from Dawn\n    at Somewhere.cpp:1\n';
    expect(classifyNativeMessage(unknown)).toBeNull();
    expect(filterNativeMessages(LAVAPIPE + unknown + 'gradcode: a line of our own', false).print).toBe(
      `${unknown}gradcode: a line of our own\n`,
    );
  });
});
