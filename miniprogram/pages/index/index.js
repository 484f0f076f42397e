Page({
  data: { title: '寻找“身边的港城工匠”' }
});
