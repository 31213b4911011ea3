/**
 * The runner's entry point for a plain Node start: the library view comes as code in the init
 * message. (A runner started from a startup snapshot enters at snapshot_entry.ts instead.)
 */
import { serve } from "./serve";

serve(null);
