// Public surface of src/conditions: each file of the module is re-exported here.
export {};
